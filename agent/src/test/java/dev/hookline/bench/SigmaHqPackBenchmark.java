package dev.hookline.bench;

import dev.hookline.kql.AncestryResolver;
import dev.hookline.rules.Detector;
import dev.hookline.rules.Platform;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.nio.file.Files;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A realistic pack, A/B in one run over the bench's benign build-runner mix ({@link BenignMix}): `builtin` is both
 * built-in packs alone, `sigmahq-linux` adds every SigmaHQ Linux rule that loads (../shared/corpora/sigma/rules/linux,
 * read in place, never copied), as the agent runs them on a Linux host (Platform.LINUX). Run from the checkout root:
 * scripts/bench-engine sigmahq.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The collector the launcher gives the engine in every mode (run, detect, query); G1, the JVM default here, costs
// up to 1.7x more through its write barriers and spreads between forks (docs/performance-engine.md, "Which collector").
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public class SigmaHqPackBenchmark {
    static final Path SIGMAHQ_LINUX = Path.of("..", "shared", "corpora", "sigma", "rules", "linux");

    @Param({"builtin", "sigmahq-linux"})
    public String pack;

    private Event[] events;
    private Detector detector;
    private long now;

    /** The built-in packs, plus the SigmaHQ Linux rules that load when {@code withSigmaHq}. */
    public static List<Rule> rules(boolean withSigmaHq) throws Exception {
        RuleLoader loader = new RuleLoader();
        List<Rule> rules = new ArrayList<>(loader.loadBuiltin());
        if (withSigmaHq) {
            if (!Files.isDirectory(SIGMAHQ_LINUX)) {
                throw new IllegalStateException("no SigmaHQ corpus at " + SIGMAHQ_LINUX.toAbsolutePath()
                        + " (run from the checkout root)");
            }
            rules.addAll(loader.loadReport(SIGMAHQ_LINUX).rules());
        }
        return rules;
    }

    @Setup
    public void setup(Blackhole bh) throws Exception {
        events = BenignMix.generate(SeedArmsBenchmark.BATCH, 42).toArray(new Event[0]);
        detector = new Detector(rules(pack.equals("sigmahq-linux")), Tuning.NONE, bh::consume,
                AncestryResolver.NONE, Platform.LINUX);
        now = Times.nowNanos();
    }

    @Benchmark
    @OperationsPerInvocation(SeedArmsBenchmark.BATCH)
    public long sigmaHqPack(SeedArmsBenchmark.CpuTime cpu) {
        long t0 = cpu.start();
        for (Event e : events) {
            detector.accept(e, now);
        }
        cpu.stop(t0, SeedArmsBenchmark.BATCH);
        return detector.alerts();
    }
}
