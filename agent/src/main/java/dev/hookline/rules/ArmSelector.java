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
 * one hash probe per gated column (equality gates) or per term of it (term gates) instead of every arm's chain.
 * Most arms of a pack open with `FileName in~ (...)`, `InitiatingProcessFileName in~ (...)` or
 * `ProcessCommandLine has_any (...)`, so an ordinary exec runs a few arms, not all of them, and touches that much
 * less code and data (what an exec costs on an otherwise idle host is mostly cache misses). An arm without a gate
 * always runs; an arm whose gate has several probes runs when any of them holds. The answer is a bitset over the
 * arms in the order given, so they still run in rule order. Allocation-free per event; one instance per
 * evaluating thread.
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
        Map<List<Object>, List<Entry>> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < gates.size(); i++) {
            ArmGate g = gates.get(i);
            if (g == null) {
                always[i >>> 6] |= 1L << i;
                continue;
            }
            for (ArmGate.Probe p : g.probes()) {
                byColumn.computeIfAbsent(List.of(p.columnId(), p.ci(), p.match()), k -> new ArrayList<>())
                        .add(new Entry(i, p));
            }
        }
        List<KeyIndex> idx = new ArrayList<>();
        for (List<Entry> entries : byColumn.values()) {
            idx.add(new KeyIndex(entries, words));
        }
        indexes = idx.toArray(new KeyIndex[0]);
    }

    private record Entry(int arm, ArmGate.Probe probe) {
    }

    /** The arms to run for this event, as a bitset (valid until the next call). */
    long[] select(Event e) {
        System.arraycopy(always, 0, selected, 0, always.length);
        for (KeyIndex k : indexes) {
            k.addTo(e, selected);
        }
        return selected;
    }

    /** The number of distinct (column, case, match) probes made per event (for tests and diagnostics). */
    int gateColumns() {
        return indexes.length;
    }

    /**
     * Open-addressing map from one column's value (equality probes) or one of its terms (term probes) to the bitset
     * of the arms whose gate lists it. Keys are stored as the gates hold them (folded when ci); the value is hashed
     * folding char by char as it is read, so a lookup allocates nothing, and compared with Kusto's own equality
     * ({@link Terms#equals}) or, for a term, char by char over the term's span.
     */
    private static final class KeyIndex {
        private final int columnId;
        private final boolean ci;
        private final boolean term;
        private final String[] keys;
        private final long[][] masks;
        private final int mask;
        /** Term probes: every arm of this index, for a value whose terms cannot be trusted (see ArmGate). */
        private final long[] anyArm;

        KeyIndex(List<Entry> entries, int words) {
            ArmGate.Probe first = entries.get(0).probe();
            columnId = first.columnId();
            ci = first.ci();
            term = first.match() == ArmGate.Match.TERM;
            anyArm = new long[words];
            Map<String, long[]> m = new LinkedHashMap<>();
            for (Entry en : entries) {
                anyArm[en.arm() >>> 6] |= 1L << en.arm();
                for (String key : en.probe().keys()) {
                    m.computeIfAbsent(key, k -> new long[words])[en.arm() >>> 6] |= 1L << en.arm();
                }
            }
            int cap = Integer.highestOneBit(Math.max(4, m.size() * 2 + 1)) << 1;
            keys = new String[cap];
            masks = new long[cap][];
            mask = cap - 1;
            for (Map.Entry<String, long[]> en : m.entrySet()) {
                // stored keys are already folded: hash them as they are
                int i = hash(en.getKey(), 0, en.getKey().length(), false) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = en.getKey();
                masks[i] = en.getValue();
            }
        }

        void addTo(Event e, long[] selected) {
            String v = e.getString(columnId);
            if (v == null) {
                v = ""; // as the arm's chain reads a missing string
            }
            if (!term) {
                for (int i = hash(v, 0, v.length(), ci) & mask; keys[i] != null; i = (i + 1) & mask) {
                    if (Terms.equals(v, keys[i], ci, true)) {
                        or(selected, masks[i]);
                        return;
                    }
                }
                return;
            }
            int n = v.length();
            int i = 0;
            while (i < n) {
                char c = v.charAt(i);
                if (c > 127) {
                    or(selected, anyArm);
                    return;
                }
                if (!Terms.isAlnum(c)) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && Terms.isAlnum(v.charAt(i))) {
                    i++;
                }
                long[] m = lookupSpan(v, start, i);
                if (m != null) {
                    or(selected, m);
                }
            }
        }

        private long[] lookupSpan(String v, int from, int to) {
            for (int i = hash(v, from, to, ci) & mask; keys[i] != null; i = (i + 1) & mask) {
                String k = keys[i];
                if (k.length() == to - from && Terms.regionFolded(v, from, k, ci)) {
                    return masks[i];
                }
            }
            return null;
        }

        private static void or(long[] into, long[] m) {
            for (int w = 0; w < m.length; w++) {
                into[w] |= m[w];
            }
        }

        private static int hash(String s, int from, int to, boolean fold) {
            int h = 0;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                h = 31 * h + (fold ? Terms.fold(c) : c);
            }
            return h ^ (h >>> 16);
        }
    }
}
