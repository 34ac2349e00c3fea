package dev.hookline.bench;

import dev.hookline.rules.Detector;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second through all five seed arms (both built-in seed rules) on one thread, over a realistic and
 * mostly benign mix. Run: scripts/bench-engine (README, "Performance").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SeedArmsBenchmark {
    static final int BATCH = 8192;

    private Event[] events;
    private Detector detector;
    private Detector allPacks;
    private long now;
    private Blackhole sink;

    @Setup
    public void setup(Blackhole bh) throws Exception {
        List<Event> mix = BenignMix.generate(BATCH, 42);
        events = mix.toArray(new Event[0]);
        sink = bh;
        var rules = new RuleLoader().loadBuiltin();
        // The five seed arms alone (the figure), and every built-in pack (seed + hookline, 13 rules).
        detector = new Detector(rules.stream().filter(r -> r.source().startsWith("builtin:seed/")).toList(),
                Tuning.NONE, a -> sink.consume(a));
        allPacks = new Detector(rules, Tuning.NONE, a -> sink.consume(a));
        now = Times.nowNanos();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long seedArms() {
        for (Event e : events) {
            detector.accept(e, now);
        }
        return detector.alerts();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long allBuiltinPacks() {
        for (Event e : events) {
            allPacks.accept(e, now);
        }
        return allPacks.alerts();
    }
}
