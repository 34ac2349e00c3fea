package dev.hookline.kql.eval;

import dev.hookline.kql.parse.Ast;
import java.util.HashMap;
import java.util.LinkedHashSet;
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

    public Set<String> warnings() {
        return warnings;
    }
}
