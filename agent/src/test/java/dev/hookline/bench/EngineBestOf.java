package dev.hookline.bench;

import dev.hookline.kql.AncestryResolver;
import dev.hookline.rules.Detector;
import dev.hookline.rules.Platform;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The engine's cost per event as the best of many passes over the benchmark mix, in thread CPU time: a figure that
 * a loaded machine disturbs much less than JMH's mean, because a pass that a context switch or another process's
 * cache traffic slowed down is simply not the best. scripts/bench-engine-ab runs it alternately on two builds, so
 * the ratio between them is measured in one run.
 *
 * <p>Usage: EngineBestOf seed|pack|sigmahq|builtin|builtin-without-persistence [passes] [events]; the last two are
 * every built-in rule with and without the persistence pack (issue 33), measured one after the other in one run;
 * sigmahq is the built-in packs plus SigmaHQ's Linux rules (issue 31, run from the checkout root).
 */
public final class EngineBestOf {
    private EngineBestOf() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "seed";
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : SeedArmsBenchmark.BATCH;
        List<Rule> rules = switch (which) {
            case "pack" -> RulePackBenchmark.pack();
            case "sigmahq" -> SigmaHqPackBenchmark.rules(true);
            case "builtin" -> new RuleLoader().loadBuiltin();
            case "builtin-without-persistence" -> new RuleLoader().loadBuiltin().stream()
                    .filter(r -> !r.source().startsWith("builtin:persistence/")).toList();
            default -> new RuleLoader().loadBuiltin().stream().filter(r -> r.source().startsWith("builtin:seed/")).toList();
        };
        Event[] events = BenignMix.generate(n, 42).toArray(new Event[0]);
        long[] alerts = {0};
        // SigmaHQ's Linux rules run as the agent runs them on a Linux host (as SigmaHqPackBenchmark does)
        Detector d = which.equals("sigmahq")
                ? new Detector(rules, Tuning.NONE, a -> alerts[0]++, AncestryResolver.NONE, Platform.LINUX)
                : new Detector(rules, Tuning.NONE, a -> alerts[0]++);
        long now = Times.nowNanos();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int p = 0; p < passes; p++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (Event e : events) {
                d.accept(e, now);
            }
            best = Math.min(best, threads.getCurrentThreadCpuTime() - t0);
        }
        double ns = best / (double) n;
        System.out.printf("%s (%d rules, %d events, best of %d passes): %.1f ns/event = %.2f M events/CPU-s%n",
                which, rules.size(), n, passes, ns, 1e3 / ns);
    }
}
