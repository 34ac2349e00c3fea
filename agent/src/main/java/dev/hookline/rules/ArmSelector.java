package dev.hookline.rules;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.WriteHistory;
import dev.hookline.kql.expr.Terms;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which arms of one table an event must run, decided by the arms' gates ({@link ArmGate}) before any of them runs:
 * one hash probe per gated column (equality gates, or its last path segment for file-name gates) or per term of it
 * (term gates), and one automaton pass over a column for all the needles of its `contains` gates ({@link
 * NeedleScan}), instead of every arm's chain. Most arms of a pack open with `FileName in~ (...)`,
 * `InitiatingProcessFileName in~ (...)`, `FolderPath endswith "/curl"` (SigmaHQ's) or
 * `ProcessCommandLine has_any (...)`, so an ordinary exec runs a few arms, not all of them, and touches that much
 * less code and data (what an exec costs on an otherwise idle host is mostly cache misses). An arm without a gate
 * always runs; an arm whose gate has several probes runs when any of them holds. An arm with several leading
 * filters has a gate per filter, each necessary, and runs only when every one of them holds: `InitiatingProcessFileName
 * has_any (package managers) | where FileName has_any (...) or ProcessCommandLine has_any (...)` is skipped for an
 * ordinary child of node, not only for children of other programs. Each (arm, gate) pair is a requirement with a bit
 * of its own; the probes set requirement bits, and an arm runs when all of its requirements are set. The answer is a
 * bitset over the arms in the order given, so they still run in rule order. A `hookline_recently_written_*()` filter's
 * gate (WRITTEN) is one lookup in the recent-writes index the arms themselves read, on this same thread, so an exec of
 * a file nobody wrote runs neither of the recently-written arms. Allocation-free per event; one instance per
 * evaluating thread.
 */
final class ArmSelector {
    private final long[] always;
    private final KeyIndex[] indexes;
    /** CONTAINS probes: per (column, case) one automaton over all their needles, and the column it scans. */
    private final NeedleScan[] scans;
    private final int[] scanColumn;
    private final long[] selected;
    /** Requirement bits set by this event's probes. */
    private final long[] met;
    /**
     * Requirement numbering: an arm's first requirement is bit i, the arm's own index, so arms with a single gate
     * (nearly all) are selected by one and per word ({@link #single}); the further requirements of an arm with
     * several gates are bits from the number of arms up, checked per such arm.
     */
    private final long[] single;
    /** Arms with several gates: the arm, and its further requirements [extraFrom[m], extraTo[m]). */
    private final int[] multiArm;
    private final int[] extraFrom;
    private final int[] extraTo;
    /** WRITTEN probes: the requirement each meets and the column (a path) it looks up in {@link #writes}. */
    private final int[] writtenRequirement;
    private final int[] writtenColumn;
    private final WriteHistory writes;

    /** For tests and packs without WRITTEN gates: a WRITTEN probe never holds (as the index knows no writes). */
    ArmSelector(List<List<ArmGate>> gates) {
        this(gates, WriteHistory.NONE);
    }

    /**
     * @param gates per arm, in run order, the gates it needs all of; empty for an arm that must always run
     * @param writes the index the arms' `hookline_recently_written_*()` read (the same one, on this thread)
     */
    ArmSelector(List<List<ArmGate>> gates, WriteHistory writes) {
        this.writes = writes;
        int arms = gates.size();
        int words = Math.max(1, (arms + 63) >>> 6);
        always = new long[words];
        single = new long[words];
        selected = new long[words];
        Map<List<Object>, List<Entry>> byColumn = new LinkedHashMap<>();
        List<int[]> writtenProbes = new ArrayList<>();
        List<int[]> multi = new ArrayList<>();
        int extra = arms;
        for (int i = 0; i < arms; i++) {
            List<ArmGate> armGates = gates.get(i);
            if (armGates.isEmpty()) {
                always[i >>> 6] |= 1L << i;
                continue;
            }
            if (armGates.size() == 1) {
                single[i >>> 6] |= 1L << i;
            } else {
                multi.add(new int[]{i, extra, extra + armGates.size() - 1});
            }
            for (int g = 0; g < armGates.size(); g++) {
                int req = g == 0 ? i : extra++;
                for (ArmGate.Probe p : armGates.get(g).probes()) {
                    if (p.match() == ArmGate.Match.WRITTEN) {
                        writtenProbes.add(new int[]{req, p.columnId()});
                    } else {
                        byColumn.computeIfAbsent(List.of(p.columnId(), p.ci(), p.match()), k -> new ArrayList<>())
                                .add(new Entry(req, p));
                    }
                }
            }
        }
        int req = extra;
        multiArm = new int[multi.size()];
        extraFrom = new int[multi.size()];
        extraTo = new int[multi.size()];
        for (int m = 0; m < multi.size(); m++) {
            multiArm[m] = multi.get(m)[0];
            extraFrom[m] = multi.get(m)[1];
            extraTo[m] = multi.get(m)[2];
        }
        writtenRequirement = new int[writtenProbes.size()];
        writtenColumn = new int[writtenProbes.size()];
        for (int w = 0; w < writtenProbes.size(); w++) {
            writtenRequirement[w] = writtenProbes.get(w)[0];
            writtenColumn[w] = writtenProbes.get(w)[1];
        }
        int reqWords = Math.max(1, (req + 63) >>> 6);
        met = new long[reqWords];
        List<KeyIndex> idx = new ArrayList<>();
        List<NeedleScan> sc = new ArrayList<>();
        List<Integer> scCols = new ArrayList<>();
        for (List<Entry> entries : byColumn.values()) {
            ArmGate.Probe first = entries.get(0).probe();
            if (first.match() != ArmGate.Match.CONTAINS) {
                idx.add(new KeyIndex(entries, reqWords));
                continue;
            }
            Map<String, long[]> needles = new LinkedHashMap<>();
            for (Entry en : entries) {
                for (String key : en.probe().keys()) {
                    needles.computeIfAbsent(key, k -> new long[reqWords])[en.requirement() >>> 6]
                            |= 1L << en.requirement();
                }
            }
            sc.add(new NeedleScan(needles, first.ci()));
            scCols.add(first.columnId());
        }
        indexes = idx.toArray(new KeyIndex[0]);
        scans = sc.toArray(new NeedleScan[0]);
        scanColumn = scCols.stream().mapToInt(Integer::intValue).toArray();
    }

    private record Entry(int requirement, ArmGate.Probe probe) {
    }

    /** The arms to run for this event, as a bitset (valid until the next call). */
    long[] select(Event e) {
        java.util.Arrays.fill(met, 0L);
        for (KeyIndex k : indexes) {
            k.addTo(e, met);
        }
        for (int c = 0; c < scans.length; c++) {
            String v = e.getString(scanColumn[c]);
            if (v != null) { // a missing value reads as "", which contains no (non-empty) needle
                scans[c].scan(v, met);
            }
        }
        for (int w = 0; w < writtenRequirement.length; w++) {
            int r = writtenRequirement[w];
            if ((met[r >>> 6] & (1L << r)) == 0 && writes.find(e.getString(writtenColumn[w]),
                    e.getLong(Columns.TIMESTAMP), WriteHistory.MAX_WINDOW_NANOS) >= 0) {
                met[r >>> 6] |= 1L << r;
            }
        }
        for (int w = 0; w < selected.length; w++) {
            selected[w] = always[w] | (met[w] & single[w]);
        }
        for (int m = 0; m < multiArm.length; m++) {
            int i = multiArm[m];
            if ((met[i >>> 6] & (1L << i)) != 0 && allSet(extraFrom[m], extraTo[m])) {
                selected[i >>> 6] |= 1L << i;
            }
        }
        return selected;
    }

    private boolean allSet(int from, int to) {
        for (int r = from; r < to; r++) {
            if ((met[r >>> 6] & (1L << r)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The number of distinct (column, case, match) probes made per event (for tests and diagnostics). */
    int gateColumns() {
        return indexes.length + scans.length;
    }

    /**
     * Open-addressing map from one column's value (equality probes), its last path segment (file-name probes) or one
     * of its terms (term probes) to the bitset
     * of the requirements (an arm's gate) that list it. Keys are stored as the gates hold them (folded when ci); the value is hashed
     * folding char by char as it is read, so a lookup allocates nothing, and compared with Kusto's own equality
     * ({@link Terms#equals}) or, for a term, char by char over the term's span.
     */
    private static final class KeyIndex {
        private final int columnId;
        private final boolean ci;
        private final boolean term;
        /** File-name probes: the key is the value's last path segment. */
        private final boolean name;
        private final String[] keys;
        private final long[][] masks;
        private final int mask;
        /** Term probes: every requirement of this index, for a value whose terms cannot be trusted (see ArmGate). */
        private final long[] anyArm;
        /**
         * Bit n set when some key is n chars long (bit 63: 63 or more): a value, segment or term of no key's length
         * is not hashed at all, which is most of them (a probe per column per event adds up over a pack).
         */
        private final long lengths;
        /** The longest key's length. */
        private final int longest;

        KeyIndex(List<Entry> entries, int words) {
            ArmGate.Probe first = entries.get(0).probe();
            columnId = first.columnId();
            ci = first.ci();
            term = first.match() == ArmGate.Match.TERM;
            name = first.match() == ArmGate.Match.NAME;
            anyArm = new long[words];
            Map<String, long[]> m = new LinkedHashMap<>();
            for (Entry en : entries) {
                anyArm[en.requirement() >>> 6] |= 1L << en.requirement();
                for (String key : en.probe().keys()) {
                    m.computeIfAbsent(key, k -> new long[words])[en.requirement() >>> 6] |= 1L << en.requirement();
                }
            }
            long lens = 0;
            int max = 0;
            for (String k : m.keySet()) {
                lens |= 1L << Math.min(k.length(), 63);
                max = Math.max(max, k.length());
            }
            longest = max;
            lengths = lens;
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
            if (name) {
                // folding never yields '/', so the raw last '/' is the folded value's too
                // and a segment longer than every key need not be walked to its start (a long command line)
                int n = v.length();
                int stop = Math.max(0, n - longest - 1);
                int from = n;
                while (from > stop && v.charAt(from - 1) != '/') {
                    from--;
                }
                long[] m = (from == 0 || v.charAt(from - 1) == '/') && keyed(n - from) ? lookupSpan(v, from, n) : null;
                if (m != null) {
                    or(selected, m);
                }
                return;
            }
            if (!term) {
                if (!keyed(v.length())) {
                    return;
                }
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
                // the term's hash as it is read (ASCII letters and digits: folding is lower-casing)
                int start = i;
                int h = 0;
                do {
                    h = 31 * h + (ci && c >= 'A' && c <= 'Z' ? c + 32 : c);
                    i++;
                } while (i < n && Terms.isAlnum(c = v.charAt(i)));
                if (keyed(i - start)) {
                    long[] m = lookupSpan(v, start, i, h ^ (h >>> 16));
                    if (m != null) {
                        or(selected, m);
                    }
                }
            }
        }

        private boolean keyed(int length) {
            return (lengths & (1L << Math.min(length, 63))) != 0;
        }

        private long[] lookupSpan(String v, int from, int to) {
            return lookupSpan(v, from, to, hash(v, from, to, ci));
        }

        private long[] lookupSpan(String v, int from, int to, int hash) {
            for (int i = hash & mask; keys[i] != null; i = (i + 1) & mask) {
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
