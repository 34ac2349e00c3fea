package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.expr.Order;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.parse.Ast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** State shared while compiling one query: scalar let values and the warnings found so far (deduplicated). */
public final class CompileContext {
    final Map<String, Node> scalarLets = new HashMap<>();
    final Set<String> warnings = new LinkedHashSet<>();
    /** Where the query first calls hookline_has_ancestor(), or null: only streaming supplies process ancestry. */
    Ast.Pos ancestryUse;
    /**
     * Whether the result-preserving rewrites run: and/or terms and consecutive where filters in cost order
     * ({@link Order}), and or-lists of one string test on one column merged ({@link Nodes#mergeOrOfStrOps}).
     * Tests turn it off to compare against the query as written.
     */
    boolean reorder = true;
    KqlOptions options = KqlOptions.DEFAULT;
    /** The tabular lets and functions in scope, for subqueries and user-defined function calls. */
    Logical.Env env = Logical.Env.empty(warnings);
    /** Subqueries (of in/has_any/toscalar) to evaluate before the main query, inner ones first. */
    final List<Subqueries.Prerun> preruns = new ArrayList<>();
    /** Runs started so far; per-run caches (materialize, subquery sets) compare against it. */
    volatile long runs;
    /** One node per materialize(), however often the let is referenced. */
    final Map<Logical.LMaterialize, TabNode> materialized = new IdentityHashMap<>();
    /** While a serialized chain compiles: the state row_number()/prev()/next() read, else null. */
    Serial.State serial;
    /**
     * The columns found in the data by each bag_unpack without output schema, in the order planning meets them
     * (planning is deterministic, so the n-th one is the same bag_unpack in every attempt); see {@link BagUnpack}.
     */
    List<Map<String, dev.hookline.kql.parse.KType>> unpacked = List.of();
    /** How many bag_unpacks without output schema planning has met so far. */
    int unpackedSeen;

    public Set<String> warnings() {
        return warnings;
    }
}
