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
     * Whether and/or terms and consecutive where filters are put in cost order ({@link Order}); tests turn it off
     * to compare against the query's own order.
     */
    boolean reorder = true;

    public Set<String> warnings() {
        return warnings;
    }
}
