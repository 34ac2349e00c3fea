package dev.hookline.rules;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.expr.Terms;
import dev.hookline.schema.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open-addressing map from one column's value (equality probes) or its last path segment (file-name probes) to
 * the bitset of the requirements (an arm's gate) that list it. Keys are stored as the gates hold them (folded when
 * ci); the value is hashed folding char by char as it is read, so a lookup allocates nothing, and compared with
 * Kusto's own equality ({@link Terms#equals}) or, for a segment, char by char over its span.
 */
final class KeyIndex {
    private final int columnId;
    private final boolean ci;
    /** File-name probes: the key is the value's last path segment. */
    private final boolean name;
    private final String[] keys;
    private final long[][] masks;
    private final int mask;
    /** The arms (not requirements) with a probe in this index. */
    private final long[] arms;
    /**
     * Bit n set when some key is n chars long (bit 63: 63 or more): a value or segment of no key's length
     * is not hashed at all, which is most of them (a probe per column per event adds up over a pack).
     */
    private final long lengths;
    /** The longest key's length. */
    private final int longest;

    KeyIndex(List<ArmSelector.Entry> entries, int words, int armWords) {
        ArmGate.Probe first = entries.get(0).probe();
        columnId = first.columnId();
        ci = first.ci();
        name = first.match() == ArmGate.Match.NAME;
        arms = new long[armWords];
        Map<String, long[]> m = new LinkedHashMap<>();
        for (ArmSelector.Entry en : entries) {
            arms[en.arm() >>> 6] |= 1L << en.arm();
            for (String key : en.probe().keys()) {
                m.computeIfAbsent(key, k -> new long[words])[en.bit() >>> 6] |= 1L << en.bit();
            }
        }
        long lens = 0;
        int max = 0;
        for (String k : m.keySet()) {
            lens |= 1L << Math.min(k.length(), 63);
            max = Math.max(max, k.length());
        }
        lengths = lens;
        longest = max;
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
            // folding never yields '/', so the raw last '/' is the folded value's too; and a segment longer
            // than every key need not be walked to its start (a long command line)
            int n = v.length();
            int stop = Math.max(0, n - longest - 1);
            int from = n;
            while (from > stop && v.charAt(from - 1) != '/') {
                from--;
            }
            long[] m = (from == 0 || v.charAt(from - 1) == '/') && keyed(n - from) ? lookupSpan(v, from, n) : null;
            if (m != null) {
                ArmSelector.or(selected, m);
            }
            return;
        }
        if (!keyed(v.length())) {
            return;
        }
        for (int i = hash(v, 0, v.length(), ci) & mask; keys[i] != null; i = (i + 1) & mask) {
            if (Terms.equals(v, keys[i], ci, true)) {
                ArmSelector.or(selected, masks[i]);
                return;
            }
        }
    }

    private boolean keyed(int length) {
        return (lengths & (1L << Math.min(length, 63))) != 0;
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

    /** How many of the given arms have a probe here: 0, 1, or 2 meaning "more than one". */
    int armsAmong(long[] of) {
        return count(arms, of);
    }

    /** How many arms of {@code arms} are among {@code of}: 0, 1, or 2 meaning "more than one". */
    static int count(long[] arms, long[] of) {
        int n = 0;
        for (int w = 0; w < arms.length && n < 2; w++) {
            n += Long.bitCount(arms[w] & of[w]);
        }
        return Math.min(n, 2);
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
