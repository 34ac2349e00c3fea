/**
 * The KQL engine's compiler and evaluators. A query is parsed ({@code kql.parse}), its lets are expanded into a
 * {@code Logical} tree, and that tree is compiled twice: to batch operators ({@code TabNode}) for hunting, and on
 * demand to streaming arms (one row chain per union branch) for detection.
 *
 * <p>Semantic choices where Kusto's documentation is silent or contradictory, pinned by tests:
 * <ul>
 *   <li>{@code has ""} matches nothing (there is no empty term); contains/startswith/endswith "" match.</li>
 *   <li>Any comparison with a null number/datetime/timespan, {@code !=} included, is null, and a null predicate
 *       drops the row; {@code not(null)} stays null; {@code and}/{@code or} treat null as false.</li>
 *   <li>A string that is missing reads as "" everywhere but is output as null (a column the table lacks, or a
 *       union's column an input lacks).</li>
 *   <li>Ordinal (case-sensitive) string order for sort, ==, &lt;, &gt;.</li>
 *   <li>A dynamic value compared or combined with a number reads as a real, with a bool or datetime as that
 *       type, with a string as its text; in/has_any over a per-row dynamic array test its elements;
 *       make_set/make_list add an array's elements. See docs/kql-engine.md.</li>
 * </ul>
 */
package dev.hookline.kql.eval;
