package dev.hookline.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One reproducible behaviour the sensor should (attack) or should not (benign control) alert on, run for real on
 * this host by {@code hookline scenarios run}. Implementations live in the collectors module of their OS; they must
 * be safe: loopback only, local packages, everything under {@code workDir}, and everything undone by the time
 * {@link #run} returns (installed system packages purged, child processes gone).
 */
public interface Scenario {
    enum Kind { ATTACK, BENIGN }

    /** Short, unique, stable (used by --only): lower-case words joined by '-'. */
    String name();

    Kind kind();

    /** Where the behaviour comes from: "seed T1195.001 test 1", "incident: ua-parser-js (2021)", "benign control". */
    String origin();

    /** One sentence: what the scenario does. */
    String description();

    /** What should fire; empty for a benign control (nothing may fire). */
    List<Expectation> expectations();

    /** Programs the scenario needs on PATH; a missing one skips the scenario with that reason. */
    List<String> programs();

    /**
     * Reproduces the behaviour. Every process it starts must carry {@code workDir} in its own command line or in
     * an ancestor's (the runner attributes alerts to the scenario by that path). Throws when the behaviour did not
     * happen (a hook did not run, a tool failed): the matrix then says "error", never "missed".
     */
    void run(Path workDir, Duration timeout) throws Exception;
}
