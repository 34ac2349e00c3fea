package dev.hookline.rules;

import dev.hookline.alert.RuleMeta;
import dev.hookline.kql.CompiledQuery;
import java.util.List;

/** A loaded detection: metadata, its KQL compiled once, the shipped exclusions, and where it came from. */
public record Rule(RuleMeta meta, String query, CompiledQuery compiled, List<Exclusion> exclusions, String source) {
    public String id() {
        return meta.id();
    }
}
