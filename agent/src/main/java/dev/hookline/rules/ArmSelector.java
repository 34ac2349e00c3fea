package dev.hookline.rules;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.WriteHistory;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which arms of one table an event must run, decided by the arms' gates ({@link ArmGate}) before any of them runs:
 * one hash probe per gated column (equality gates, or its last path segment for file-name gates), and one automaton
 * pass over a column for all the term keys of its `has` gates and the needles of its `contains` gates, in either case
 * ({@link ColumnScan}), instead of every arm's chain. Most arms of a pack open with `FileName in~ (...)`,
 * `InitiatingProcessFileName in~ (...)`, `FolderPath endswith "/curl"` (SigmaHQ's) or
 * `ProcessCommandLine has_any (...)`, so an ordinary exec runs a few arms, not all of them, and touches that much
 * less code and data (what an exec costs on an otherwise idle host is mostly cache misses). An arm without a gate
 * always runs; an arm whose gate has several probes runs when any of them holds. An arm with several leading
 * filters has a gate per filter, each necessary, and runs only when every one of them holds: `InitiatingProcessFileName
 * has_any (package managers) | where FileName has_any (...) or ProcessCommandLine has_any (...)` is skipped for an
 * ordinary child of node, not only for children of other programs. Each (arm, gate) pair is a requirement with a bit
 * of its own; the probes set requirement bits, and an arm runs when all of its requirements are set. The answer is a
 * bitset over the arms in the order given, so they still run in rule order. The narrowest gate of each arm is probed
 * for every event; the others only for the arms whose narrowest gate held. Those later gates pay when they are cheap
 * (an equality probe hashes one short value) or shared: a term or needle scan walks the whole value (a command
 * line), no faster than the arm's own `has_any` or `contains` would, so it is made only when two or more waiting
 * arms need it; for one arm alone its requirement counts as met and the arm's chain decides (scanning every gate of
 * every arm for every event took the two seed rules from 165 to 330 ns an event). The waiting arms' one-lookup probes
 * go first: a requirement they meet, or an arm they rule out (a requirement with no probe left to make), needs no
 * scan, so an arm whose later gate is `ActionType in (...) or FolderPath has_any (...)` costs a file event one hash
 * probe, not a pass over the path. A `hookline_recently_written_*()` filter's gate (WRITTEN) is one lookup in the
 * recent-writes index the arms themselves read, on this same thread, so an exec of
 * a file nobody wrote runs neither of the recently-written arms. Allocation-free per event; one instance per
 * evaluating thread.
 */
final class ArmSelector {
    private final long[] always;
    /** Arms with gates besides their narrowest (bitset over arms). */
    private final long[] needsLater;
    /** The probes of each arm's narrowest gate, made for every event; their masks are over arms. */
    private final KeyIndex[] indexes;
    /** The probes of the arms' other gates, made only for arms whose narrowest gate held; masks over requirements. */
    private final KeyIndex[] laterIndexes;
    /** CONTAINS probes of narrowest gates: per (column, case) one automaton over all their needles. */
    private final Scan[] scans;
    /** CONTAINS probes of later gates, as {@link #laterIndexes}. */
    private final Scan[] laterScans;
    /** This event's arms whose narrowest gate held. */
    private final long[] firstMet;
    /** This event's arms whose narrowest gate held and that have later requirements. */
    private final long[] waiting;
    private final long[] selected;
    /** Later requirement bits set by this event's probes. */
    private final long[] met;
    /** {@link #firstMet} and {@link #met}: where a scan's bits go (see {@link ColumnScan#scan}). */
    private final long[][] into;
    /** Per arm, its later requirements: bits [firstRequirement[i], firstRequirement[i + 1]). */
    private final int[] firstRequirement;
    /** Per requirement, its arm. */
    private final int[] requirementArm;
    /** Requirements with a probe in {@link #laterScans}: an unmet one may still be met by a scan. */
    private final long[] scannedRequirements;
    /** WRITTEN probes of narrowest gates: the arm each lets run and the column (a path) it looks up in {@link #writes}. */
    private final int[] writtenArm;
    private final int[] writtenArmColumn;
    /** WRITTEN probes of later gates: the requirement each meets and its column. */
    private final int[] writtenRequirement;
    private final int[] writtenColumn;
    private final WriteHistory writes;
    /** NUMBER probes of narrowest gates (bits over arms) and of later gates (bits over requirements), per column. */
    private final NumberIndex[] numbers;
    private final NumberIndex[] laterNumbers;

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
        needsLater = new long[words];
        firstMet = new long[words];
        waiting = new long[words];
        selected = new long[words];
        firstRequirement = new int[arms + 1];
        Map<List<Object>, List<Entry>> byColumn = new LinkedHashMap<>();
        Map<List<Object>, List<Entry>> laterByColumn = new LinkedHashMap<>();
        List<int[]> writtenFirst = new ArrayList<>();
        List<int[]> writtenLater = new ArrayList<>();
        Map<Integer, List<Map.Entry<Integer, ArmGate.Probe>>> numberFirst = new LinkedHashMap<>();
        Map<Integer, List<Map.Entry<Integer, ArmGate.Probe>>> numberLater = new LinkedHashMap<>();
        int req = 0;
        for (int i = 0; i < arms; i++) {
            firstRequirement[i] = req;
            List<ArmGate> armGates = gates.get(i);
            if (armGates.isEmpty()) {
                always[i >>> 6] |= 1L << i;
                continue;
            }
            ArmGate narrowest = null;
            for (ArmGate g : armGates) {
                narrowest = ArmGate.narrower(narrowest, g);
            }
            boolean firstSeen = false;
            for (ArmGate g : armGates) {
                boolean first = g == narrowest && !firstSeen;
                firstSeen |= first;
                // the narrowest gate's probes set the arm's bit, a later gate's its own requirement bit
                int bit = first ? i : req;
                if (!first) {
                    needsLater[i >>> 6] |= 1L << i;
                }
                for (ArmGate.Probe p : g.probes()) {
                    if (p.match() == ArmGate.Match.NUMBER) {
                        (first ? numberFirst : numberLater).computeIfAbsent(p.columnId(), k -> new ArrayList<>())
                                .add(Map.entry(bit, p));
                    } else if (p.match() == ArmGate.Match.WRITTEN) {
                        (first ? writtenFirst : writtenLater).add(new int[]{bit, p.columnId()});
                    } else {
                        // a column's term and needle probes of either case share one pass (ColumnScan)
                        List<Object> key = scanned(p.match()) ? List.of(p.columnId())
                                : List.of(p.columnId(), p.ci(), p.match());
                        (first ? byColumn : laterByColumn).computeIfAbsent(key, k -> new ArrayList<>())
                                .add(new Entry(bit, i, p));
                    }
                }
                if (!first) {
                    req++;
                }
            }
        }
        firstRequirement[arms] = req;
        requirementArm = new int[req];
        for (int i = 0; i < arms; i++) {
            for (int r = firstRequirement[i]; r < firstRequirement[i + 1]; r++) {
                requirementArm[r] = i;
            }
        }
        writtenArm = column(writtenFirst, 0);
        writtenArmColumn = column(writtenFirst, 1);
        writtenRequirement = column(writtenLater, 0);
        writtenColumn = column(writtenLater, 1);
        int reqWords = Math.max(1, (req + 63) >>> 6);
        met = new long[reqWords];
        indexes = indexes(byColumn, words, words);
        laterIndexes = indexes(laterByColumn, reqWords, words);
        // a column scanned for both narrowest and later gates is walked once for both (what later gates find is
        // kept for the arms that turn out to wait)
        Map<List<Object>, List<Entry>> laterOnly = new LinkedHashMap<>(laterByColumn);
        laterOnly.keySet().removeAll(byColumn.keySet());
        scans = scans(byColumn, laterByColumn, true, words, reqWords);
        laterScans = scans(laterOnly, Map.of(), false, words, reqWords);
        numbers = numberIndexes(numberFirst, words);
        laterNumbers = numberIndexes(numberLater, reqWords);
        into = new long[][]{firstMet, met};
        scannedRequirements = new long[reqWords];
        for (Scan sc : laterScans) {
            or(scannedRequirements, sc.anyBit());
        }
    }

    /** Probes found by a pass over the whole value ({@link ColumnScan}), not by one hash probe. */
    private static boolean scanned(ArmGate.Match m) {
        return m == ArmGate.Match.TERM || m == ArmGate.Match.CONTAINS;
    }

    private static int[] column(List<int[]> rows, int c) {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }

    private static NumberIndex[] numberIndexes(Map<Integer, List<Map.Entry<Integer, ArmGate.Probe>>> byColumn,
                                               int words) {
        List<NumberIndex> out = new ArrayList<>();
        byColumn.forEach((column, bits) -> out.add(new NumberIndex(column, bits, words)));
        return out.toArray(new NumberIndex[0]);
    }

    private static KeyIndex[] indexes(Map<List<Object>, List<Entry>> byColumn, int bitWords, int armWords) {
        List<KeyIndex> idx = new ArrayList<>();
        for (List<Entry> entries : byColumn.values()) {
            if (!scanned(entries.get(0).probe().match())) {
                idx.add(new KeyIndex(entries, bitWords, armWords));
            }
        }
        return idx.toArray(new KeyIndex[0]);
    }

    /**
     * One scan per column of {@code byColumn} with term or needle probes: narrowest gates' ({@code first}, arm bits
     * into {@code into[0]}) with the same column's probes of {@code alsoLater} in the same pass, or later gates'
     * (requirement bits into {@code into[1]}).
     */
    private static Scan[] scans(Map<List<Object>, List<Entry>> byColumn, Map<List<Object>, List<Entry>> alsoLater,
            boolean first, int armWords, int reqWords) {
        int bitWords = first ? armWords : reqWords;
        List<Scan> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Entry>> col : byColumn.entrySet()) {
            List<Entry> entries = col.getValue();
            ArmGate.Probe p = entries.get(0).probe();
            if (!scanned(p.match())) {
                continue;
            }
            long[] arms = new long[armWords];
            long[] any = new long[bitWords];
            for (Entry en : entries) {
                arms[en.arm() >>> 6] |= 1L << en.arm();
                any[en.bit() >>> 6] |= 1L << en.bit();
            }
            Map<Integer, Map<String, long[]>> own = keys(entries, bitWords);
            Map<Integer, Map<String, long[]>> later = keys(alsoLater.getOrDefault(col.getKey(), List.of()), reqWords);
            out.add(new Scan(p.columnId(), first ? new ColumnScan(own, later) : new ColumnScan(Map.of(), own),
                    arms, any));
        }
        return out.toArray(new Scan[0]);
    }

    /** The keys of a column's probes per how they are confirmed ({@link ColumnScan}), each with the bits it sets. */
    private static Map<Integer, Map<String, long[]>> keys(List<Entry> entries, int bitWords) {
        Map<Integer, Map<String, long[]>> keys = new LinkedHashMap<>();
        for (Entry en : entries) {
            ArmGate.Probe p = en.probe();
            int how = (p.match() == ArmGate.Match.TERM ? ColumnScan.TERM : 0) | (p.ci() ? 0 : ColumnScan.RAW);
            Map<String, long[]> ofHow = keys.computeIfAbsent(how, h -> new LinkedHashMap<>());
            for (String key : p.keys()) {
                ofHow.computeIfAbsent(key, k -> new long[bitWords])[en.bit() >>> 6] |= 1L << en.bit();
            }
        }
        return keys;
    }

    /** One column's term and needle automaton, the arms with a key in it and every bit it can set. */
    private record Scan(int columnId, ColumnScan keys, long[] arms, long[] anyBit) {
        void addTo(Event e, long[][] into) {
            String v = e.getString(columnId);
            if (v != null) { // a missing value reads as "": no terms, no (non-empty) needle
                keys.scan(v, into);
            }
        }
    }

    /** A probe's keys and the bit it sets (an arm for a narrowest gate, a requirement for a later one). */
    record Entry(int bit, int arm, ArmGate.Probe probe) {
    }

    /** The arms to run for this event, as a bitset (valid until the next call). */
    long[] select(Event e) {
        java.util.Arrays.fill(firstMet, 0L);
        java.util.Arrays.fill(met, 0L); // shared scans meet later requirements too
        for (KeyIndex k : indexes) {
            k.addTo(e, firstMet);
        }
        for (Scan s : scans) {
            s.addTo(e, into);
        }
        for (NumberIndex n : numbers) {
            n.addTo(e, firstMet);
        }
        // WRITTEN probes are one lookup each, made after the key probes that may make them moot
        for (int w = 0; w < writtenArm.length; w++) {
            lookUpWrite(e, writtenArm[w], writtenArmColumn[w], firstMet);
        }
        int waitingArms = 0;
        for (int w = 0; w < selected.length; w++) {
            waiting[w] = firstMet[w] & needsLater[w];
            selected[w] = always[w] | (firstMet[w] & ~needsLater[w]);
            waitingArms += Long.bitCount(waiting[w]);
        }
        if (waitingArms > 0) {
            selectWaiting(e, waitingArms);
        }
        return selected;
    }

    private void selectWaiting(Event e, int waitingArms) {
        // the one-lookup probes first: what they meet or rule out need not be scanned for
        for (KeyIndex k : laterIndexes) {
            if (k.armsAmong(waiting) != 0) {
                k.addTo(e, met);
            }
        }
        for (int w = 0; w < writtenRequirement.length; w++) {
            lookUpWrite(e, writtenRequirement[w], writtenColumn[w], met);
        }
        for (NumberIndex n : laterNumbers) {
            n.addTo(e, met); // one array lookup: cheaper than deciding whether a waiting arm needs it
        }
        if (waitingArms == 1) {
            for (Scan s : laterScans) {
                or(met, s.anyBit()); // one arm: its own filters decide, at the cost of these scans
            }
        } else if (laterScans.length > 0) {
            dropUnmetUnscanned();
            for (Scan s : laterScans) {
                int n = unmetArms(s.anyBit());
                if (n == 1) {
                    or(met, s.anyBit()); // one arm: its own has_any or contains decides, at this scan's cost
                } else if (n > 1) {
                    s.addTo(e, into);
                }
            }
        }
        for (int w = 0; w < waiting.length; w++) {
            for (long bits = waiting[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                if (allSet(firstRequirement[i], firstRequirement[i + 1])) {
                    selected[w] |= 1L << i;
                }
            }
        }
    }

    /** Takes out of {@link #waiting} the arms with a requirement no probe met and no scan can meet any more. */
    private void dropUnmetUnscanned() {
        for (int w = 0; w < waiting.length; w++) {
            for (long bits = waiting[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                for (int r = firstRequirement[i]; r < firstRequirement[i + 1]; r++) {
                    long b = 1L << r;
                    if ((met[r >>> 6] & b) == 0 && (scannedRequirements[r >>> 6] & b) == 0) {
                        waiting[w] &= ~(1L << i);
                        break;
                    }
                }
            }
        }
    }

    /** How many waiting arms have a requirement among {@code bits} still unmet: 0, 1, or 2 meaning "more". */
    private int unmetArms(long[] bits) {
        int first = -1;
        for (int w = 0; w < bits.length; w++) {
            for (long b = bits[w] & ~met[w]; b != 0; b &= b - 1) {
                int arm = requirementArm[(w << 6) + Long.numberOfTrailingZeros(b)];
                if ((waiting[arm >>> 6] & (1L << arm)) != 0 && arm != first) {
                    if (first >= 0) {
                        return 2;
                    }
                    first = arm;
                }
            }
        }
        return first < 0 ? 0 : 1;
    }

    private void lookUpWrite(Event e, int bit, int column, long[] into) {
        if ((into[bit >>> 6] & (1L << bit)) == 0
                && writes.find(e.getString(column), e.getLong(Columns.TIMESTAMP), WriteHistory.MAX_WINDOW_NANOS) >= 0) {
            into[bit >>> 6] |= 1L << bit;
        }
    }

    private boolean allSet(int from, int to) {
        for (int r = from; r < to; r++) {
            if ((met[r >>> 6] & (1L << r)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The number of distinct (column, case, match) probes an event may need (for tests and diagnostics). */
    int gateColumns() {
        return indexes.length + laterIndexes.length + scans.length + laterScans.length + numbers.length
                + laterNumbers.length;
    }

    /** ORs the bitset m into into. */
    static void or(long[] into, long[] m) {
        for (int w = 0; w < m.length; w++) {
            into[w] |= m[w];
        }
    }
}
