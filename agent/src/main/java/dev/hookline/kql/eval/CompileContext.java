package dev.hookline.kql.eval;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** State shared while compiling one query: scalar let values and the warnings found so far (deduplicated). */
public final class CompileContext {
    final Map<String, Node> scalarLets = new HashMap<>();
    final Set<String> warnings = new LinkedHashSet<>();

    public Set<String> warnings() {
        return warnings;
    }
}
