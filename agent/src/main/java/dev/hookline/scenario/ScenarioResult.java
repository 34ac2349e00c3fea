package dev.hookline.scenario;

import java.util.List;

/** A scenario's row of the matrix: whether it ran, and its cells. */
public record ScenarioResult(String name, Scenario.Kind kind, String origin, String description, Status status,
                             String message, long durationMillis, List<Cell> cells) {
    public enum Status { RAN, ERROR, SKIPPED }

    /** Ran, every expected detection caught, and (benign) nothing fired. A skipped scenario does not fail the run. */
    public boolean failed() {
        return status == Status.ERROR || cells.stream().anyMatch(c -> c.outcome().failure());
    }
}
