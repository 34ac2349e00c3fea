package dev.hookline.rules;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.eval.Terms;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which arms of one table an event must run, decided by the arms' gates ({@link ArmGate}) before any of them runs:
 * one hash probe per gated column instead of every arm's chain. Most arms of a pack open with `FileName in~ (...)`
 * or `InitiatingProcessFileName in~ (...)`, so an ordinary exec runs a few arms, not all of them, and touches that
 * much less code and data (what an exec costs on an otherwise idle host is mostly cache misses). An arm without a
 * gate always runs. The answer is a bitset over the arms in the order given, so they still run in rule order.
 * Allocation-free per event; one instance per evaluating thread.
 */
final class ArmSelector {
    private final long[] always;
    private final KeyIndex[] indexes;
    private final long[] selected;

    /** @param gates one per arm, in run order; null for an arm that must always run */
    ArmSelector(List<ArmGate> gates) {
        int words = Math.max(1, (gates.size() + 63) >>> 6);
        always = new long[words];
        selected = new long[words];
        Map<Long, List<Integer>> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < gates.size(); i++) {
            ArmGate g = gates.get(i);
            if (g == null) {
                always[i >>> 6] |= 1L << i;
            } else {
                byColumn.computeIfAbsent(((long) g.columnId() << 1) | (g.ci() ? 1 : 0), k -> new ArrayList<>()).add(i);
            }
        }
        List<KeyIndex> idx = new ArrayList<>();
        for (List<Integer> arms : byColumn.values()) {
            idx.add(new KeyIndex(gates, arms, words));
        }
        indexes = idx.toArray(new KeyIndex[0]);
    }

    /** The arms to run for this event, as a bitset (valid until the next call). */
    long[] select(Event e) {
        System.arraycopy(always, 0, selected, 0, always.length);
        for (KeyIndex k : indexes) {
            long[] m = k.lookup(e);
            if (m != null) {
                for (int w = 0; w < m.length; w++) {
                    selected[w] |= m[w];
                }
            }
        }
        return selected;
    }

    /** The number of distinct (column, case) gates probed per event (for tests and diagnostics). */
    int gateColumns() {
        return indexes.length;
    }

    /**
     * Open-addressing map from one column's value to the bitset of the arms whose gate lists it. Keys are stored
     * as the gates hold them (folded when ci); a value is hashed folding char by char as it is read, so a lookup
     * allocates nothing, and compared with Kusto's own equality ({@link Terms#equals}).
     */
    private static final class KeyIndex {
        private final int columnId;
        private final boolean ci;
        private final String[] keys;
        private final long[][] masks;
        private final int mask;

        KeyIndex(List<ArmGate> gates, List<Integer> arms, int words) {
            ArmGate first = gates.get(arms.get(0));
            columnId = first.columnId();
            ci = first.ci();
            Map<String, long[]> m = new LinkedHashMap<>();
            for (int arm : arms) {
                for (String key : gates.get(arm).keys()) {
                    m.computeIfAbsent(key, k -> new long[words])[arm >>> 6] |= 1L << arm;
                }
            }
            int cap = Integer.highestOneBit(Math.max(4, m.size() * 2 + 1)) << 1;
            keys = new String[cap];
            masks = new long[cap][];
            mask = cap - 1;
            for (Map.Entry<String, long[]> en : m.entrySet()) {
                int i = hash(en.getKey(), false) & mask; // stored keys are already folded: hash them as they are
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = en.getKey();
                masks[i] = en.getValue();
            }
        }

        long[] lookup(Event e) {
            String v = e.getString(columnId);
            if (v == null) {
                v = ""; // as the arm's chain reads a missing string
            }
            for (int i = hash(v, ci) & mask; keys[i] != null; i = (i + 1) & mask) {
                if (Terms.equals(v, keys[i], ci, true)) {
                    return masks[i];
                }
            }
            return null;
        }

        private static int hash(String s, boolean fold) {
            int h = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                h = 31 * h + (fold ? Terms.fold(c) : c);
            }
            return h ^ (h >>> 16);
        }
    }
}
