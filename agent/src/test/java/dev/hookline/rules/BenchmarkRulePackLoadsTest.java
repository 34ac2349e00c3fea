package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.bench.BenignMix;
import dev.hookline.bench.RulePackBenchmark;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine benchmark's rule pack (issue 11: at least 50 rules) loads, every rule streams, the rules are distinct,
 * and over the benchmark's mix the pack fires rarely, as on a benign build runner.
 */
class BenchmarkRulePackLoadsTest {
    @Test
    void packHasFiftyDistinctStreamingRulesThatRarelyFireOnTheBenignMix() throws Exception {
        List<Rule> rules = RulePackBenchmark.pack();
        assertTrue(rules.size() >= 50, "only " + rules.size() + " rules");
        Set<String> ids = new HashSet<>();
        Set<String> queries = new HashSet<>();
        for (Rule r : rules) {
            assertTrue(ids.add(r.id()), "duplicate id " + r.id());
            assertTrue(queries.add(r.query()), "duplicate query in " + r.source());
            r.compiled().streaming(); // throws if the rule cannot run as a detection
        }
        long[] alerts = {0};
        Detector d = new Detector(rules, Tuning.NONE, a -> alerts[0]++);
        List<Event> mix = BenignMix.generate(8192, 42);
        long now = Times.nowNanos();
        for (Event e : mix) {
            d.accept(e, now);
        }
        assertEquals(mix.size(), d.events());
        assertTrue(alerts[0] > 0 && alerts[0] < mix.size() / 20, alerts[0] + " alerts on " + mix.size() + " events");
    }
}
