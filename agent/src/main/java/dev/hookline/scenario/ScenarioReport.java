package dev.hookline.scenario;

import java.util.List;

/**
 * The whole matrix: one result per scenario, plus notes (health alerts, lost events, alerts no scenario claimed)
 * and what was loaded.
 */
public record ScenarioReport(List<ScenarioResult> results, List<String> notes, int rulesLoaded, String tuning,
                             long durationMillis) {
    public boolean failed() {
        return results.stream().anyMatch(ScenarioResult::failed);
    }

    public long count(Outcome o) {
        return results.stream().flatMap(r -> r.cells().stream()).filter(c -> c.outcome() == o).count();
    }

    public long count(ScenarioResult.Status s) {
        return results.stream().filter(r -> r.status() == s).count();
    }
}
