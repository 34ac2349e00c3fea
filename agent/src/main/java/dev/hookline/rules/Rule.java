package dev.hookline.rules;

import dev.hookline.alert.RuleMeta;
import dev.hookline.kql.CompiledQuery;
import java.util.List;

/**
 * A loaded detection: metadata, its KQL compiled once, the shipped exclusions, and where it came from. {@code
 * schedule} says how it runs when it runs over history (a query streaming cannot evaluate, or a Sentinel analytic
 * rule); {@code notices} name what of its file the agent does not honour (Sentinel fields it does not support);
 * {@code platform} is the OS whose rows it runs on (a Sigma rule's logsource.product), null for any.
 */
public record Rule(RuleMeta meta, String query, CompiledQuery compiled, List<Exclusion> exclusions, String source,
                   Schedule schedule, List<String> notices, Platform platform) {
    public Rule(RuleMeta meta, String query, CompiledQuery compiled, List<Exclusion> exclusions, String source,
                Schedule schedule, List<String> notices) {
        this(meta, query, compiled, exclusions, source, schedule, notices, null);
    }

    public Rule(RuleMeta meta, String query, CompiledQuery compiled, List<Exclusion> exclusions, String source) {
        this(meta, query, compiled, exclusions, source, Schedule.DEFAULT, List.of());
    }

    public String id() {
        return meta.id();
    }
}
