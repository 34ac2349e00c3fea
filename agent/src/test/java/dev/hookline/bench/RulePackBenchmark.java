package dev.hookline.bench;

import dev.hookline.rules.Detector;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Events per second through a pack of 59 rules on one thread, over the same mostly benign build-runner mix as
 * {@link SeedArmsBenchmark}: both built-in packs (seed and hookline, 15 rules) plus 46 Sigma rules of the shapes
 * SigmaHQ ships for Linux (process_creation, network_connection, file_event, file_delete; test resources under
 * bench/rule-pack), loaded through the same Sigma converter as a user's rules. Run: scripts/bench-engine pack.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The collector the launcher gives the engine in every mode (run, detect, query); G1, the JVM default here, costs
// up to 1.7x more through its write barriers and spreads between forks (docs/performance-engine.md, "Which collector").
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public class RulePackBenchmark {
    static final int BATCH = SeedArmsBenchmark.BATCH;

    private Event[] events;
    private Detector detector;
    private long now;

    /** The built-in packs plus the Sigma rules of the benchmark pack. */
    public static List<Rule> pack() throws RuleException {
        RuleLoader loader = new RuleLoader();
        List<Rule> rules = new ArrayList<>(loader.loadBuiltin());
        try {
            rules.addAll(loader.load(Path.of(RulePackBenchmark.class.getResource("/bench/rule-pack").toURI())));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return rules;
    }

    @Setup
    public void setup(Blackhole bh) throws Exception {
        events = BenignMix.generate(BATCH, 42).toArray(new Event[0]);
        detector = new Detector(pack(), Tuning.NONE, bh::consume);
        now = Times.nowNanos();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rulePack(SeedArmsBenchmark.CpuTime cpu) {
        long t0 = cpu.start();
        for (Event e : events) {
            detector.accept(e, now);
        }
        cpu.stop(t0, BATCH);
        return detector.alerts();
    }
}
