package dev.hookline.selftest;

import java.util.List;
import java.util.Map;

/**
 * What the self-test found for one expected row: the row and its latency (ms from the action to the row being
 * readable through the query path) when seen, else the nearest rows of its table, best first.
 */
record Outcome(Expected expected, Map<String, Object> row, long latencyMs, List<Map<String, Object>> nearest) {
    boolean seen() {
        return row != null;
    }
}
