package dev.hookline.bench;

import dev.hookline.rules.Detector;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 *
 * <p>Besides JMH's wall-clock throughput, each benchmark counts the CPU time its thread used ({@link CpuTime}):
 * events per CPU-second is the events/s/core figure, and it holds up far better than wall time when other
 * processes share the cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The collector the launcher gives the engine in every mode (run, detect, query); G1, the JVM default here, costs
// up to 1.7x more through its write barriers and spreads between forks (docs/performance-engine.md, "Which collector").
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
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
        // The five seed arms alone (the figure), and every built-in pack (seed + hookline, 15 rules).
        detector = new Detector(rules.stream().filter(r -> r.source().startsWith("builtin:seed/")).toList(),
                Tuning.NONE, a -> sink.consume(a));
        allPacks = new Detector(rules, Tuning.NONE, a -> sink.consume(a));
        now = Times.nowNanos();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long seedArms(CpuTime cpu) {
        long t0 = cpu.start();
        for (Event e : events) {
            detector.accept(e, now);
        }
        cpu.stop(t0, BATCH);
        return detector.alerts();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long allBuiltinPacks(CpuTime cpu) {
        long t0 = cpu.start();
        for (Event e : events) {
            allPacks.accept(e, now);
        }
        cpu.stop(t0, BATCH);
        return allPacks.alerts();
    }

    /**
     * CPU nanoseconds the benchmark thread spent and events it evaluated, per iteration (JMH secondary results
     * ":cpuNanos" and ":cpuEvents"; scripts/bench-engine divides them). One clock read per batch of events.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuNanos;
        public long cpuEvents;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            cpuEvents = 0;
        }

        long start() {
            return THREADS.getCurrentThreadCpuTime();
        }

        void stop(long t0, int events) {
            cpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
            cpuEvents += events;
        }
    }
}
