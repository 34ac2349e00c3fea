/**
 * The KQL function table: one {@link dev.hookline.kql.eval.fn.FunctionDef} per scalar function and one
 * {@link dev.hookline.kql.eval.fn.AggregateDef} per aggregate, registered by family classes into
 * {@link dev.hookline.kql.eval.fn.Functions}, which the compiler, its "did you mean" messages and
 * {@code hookline functions} read. The recipe for adding a function is in
 * {@link dev.hookline.kql.eval.fn.StringFunctions}; docs/kql-engine.md has the overview.
 */
package dev.hookline.kql.eval.fn;
