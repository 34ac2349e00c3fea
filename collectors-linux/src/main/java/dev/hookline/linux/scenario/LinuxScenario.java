package dev.hookline.linux.scenario;

import dev.hookline.scenario.Expectation;
import dev.hookline.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A scenario defined by data (name, origin, expectations, programs) and an action run in a {@link Workspace}. */
final class LinuxScenario implements Scenario {
    interface Action {
        void run(Workspace ws) throws Exception;
    }

    private final String name;
    private final Kind kind;
    private final String origin;
    private final String description;
    private final List<String> programs;
    private final List<Expectation> expectations;
    private final Action action;

    LinuxScenario(String name, Kind kind, String origin, String description, List<String> programs,
                  List<Expectation> expectations, Action action) {
        this.name = name;
        this.kind = kind;
        this.origin = origin;
        this.description = description;
        this.programs = List.copyOf(programs);
        this.expectations = List.copyOf(expectations);
        this.action = action;
    }

    static LinuxScenario attack(String name, String origin, String description, List<String> programs,
                                List<Expectation> expectations, Action action) {
        return new LinuxScenario(name, Kind.ATTACK, origin, description, programs, expectations, action);
    }

    static LinuxScenario benign(String name, String description, List<String> programs, Action action) {
        return new LinuxScenario(name, Kind.BENIGN, "benign control", description, programs, List.of(), action);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<Expectation> expectations() {
        return expectations;
    }

    @Override
    public List<String> programs() {
        return programs;
    }

    @Override
    public void run(Path workDir, Duration timeout) throws Exception {
        try (Workspace ws = new Workspace(workDir, Math.max(1, timeout.toSeconds()))) {
            action.run(ws);
        }
    }
}
