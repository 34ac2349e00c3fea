package dev.hookline.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a scenario's expectations and the alerts attributed to it into cells, judged against the loaded rules. */
final class MatrixBuilder {
    static final String ALL_RULES = "(every loaded rule)";
    private final Map<String, Set<String>> armsByRule;

    /** @param armsByRule the loaded rules' ids and the names of their arms */
    MatrixBuilder(Map<String, Set<String>> armsByRule) {
        this.armsByRule = armsByRule;
    }

    List<Cell> cells(Scenario s, List<ScenarioAlert> alerts) {
        List<Cell> cells = new ArrayList<>();
        List<ScenarioAlert> unexpected = new ArrayList<>(alerts);
        for (Expectation e : s.expectations()) {
            List<ScenarioAlert> hits = alerts.stream()
                    .filter(a -> a.ruleId().equals(e.ruleId()) && (e.arm() == null || a.arm().equals(e.arm())))
                    .sorted(Comparator.comparingLong(ScenarioAlert::detectedAtNanos)).toList();
            unexpected.removeAll(hits);
            Set<String> arms = armsByRule.get(e.ruleId());
            Outcome o;
            String note = e.note();
            if (arms == null || (e.arm() != null && !arms.contains(e.arm()))) {
                o = e.pending() ? Outcome.PENDING_NOT_LOADED : Outcome.NOT_LOADED;
                if (arms != null) {
                    note = "the rule has no arm " + e.arm() + " (it has " + arms + ")";
                }
            } else if (e.caught()) {
                o = !hits.isEmpty() ? Outcome.CAUGHT : e.knownGap() ? Outcome.MISSED_KNOWN_GAP : Outcome.MISSED;
            } else {
                o = hits.isEmpty() ? Outcome.MISSED_AS_DOCUMENTED : Outcome.FIRED_DESPITE_DOCUMENTED_MISS;
            }
            cells.add(new Cell(e.ruleId(), e.arm(), o, hits.isEmpty() ? -1 : hits.get(0).latencyMillis(), hits.size(),
                    note));
        }
        Map<String, List<ScenarioAlert>> extra = new LinkedHashMap<>();
        unexpected.stream().sorted(Comparator.comparingLong(ScenarioAlert::detectedAtNanos))
                .forEach(a -> extra.computeIfAbsent(a.ruleId() + "\0" + a.arm(), k -> new ArrayList<>()).add(a));
        for (List<ScenarioAlert> group : extra.values()) {
            ScenarioAlert first = group.get(0);
            cells.add(new Cell(first.ruleId(), first.arm(), s.kind() == Scenario.Kind.BENIGN ? Outcome.FALSE_POSITIVE
                    : Outcome.ALSO_FIRED, first.latencyMillis(), group.size(), null));
        }
        if (s.kind() == Scenario.Kind.BENIGN && alerts.isEmpty()) {
            cells.add(new Cell(ALL_RULES, null, Outcome.QUIET, -1, 0, null));
        }
        return cells;
    }
}
