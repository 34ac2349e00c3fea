package dev.hookline.rules;

import dev.hookline.kql.ArmGate;
import dev.hookline.schema.Event;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The integer probes ({@link ArmGate.Match#NUMBER}) of one column for the {@link ArmSelector}: the column's value
 * looked up among every probe's integers (a sorted array: a pack lists a few ports), setting the bits of the
 * requirements that list it. A missing value (null) sets none, as no `in`/`==` passes on it. Most values fall
 * outside the listed range (443 below SigmaHQ's callback ports 888 to 51820) and are refused by two compares; the
 * rest are found by a linear pass, predictable where a binary search's branches are not. Allocation-free.
 */
final class NumberIndex {
    private final int columnId;
    private final long[] values;
    private final long[][] masks;
    private final long min;
    private final long max;

    /**
     * @param columnId the integer column
     * @param bits per probe of this column, the bit it sets and the probe
     * @param words the length of the bitsets set
     */
    NumberIndex(int columnId, List<Map.Entry<Integer, ArmGate.Probe>> bits, int words) {
        this.columnId = columnId;
        Map<Long, long[]> byValue = new TreeMap<>();
        for (Map.Entry<Integer, ArmGate.Probe> b : bits) {
            int bit = b.getKey();
            for (String k : b.getValue().keys()) {
                byValue.computeIfAbsent(Long.parseLong(k), v -> new long[words])[bit >>> 6] |= 1L << bit;
            }
        }
        values = new long[byValue.size()];
        masks = new long[byValue.size()][];
        int i = 0;
        for (Map.Entry<Long, long[]> en : byValue.entrySet()) {
            values[i] = en.getKey();
            masks[i++] = en.getValue();
        }
        min = values.length == 0 ? Long.MAX_VALUE : values[0];
        max = values.length == 0 ? Long.MIN_VALUE : values[values.length - 1];
    }

    void addTo(Event e, long[] into) {
        long v = e.getLong(columnId);
        if (v < min || v > max) { // null (Long.MIN_VALUE) too: no key is null
            return;
        }
        int i = values.length <= 16 ? linear(v) : Arrays.binarySearch(values, v);
        if (i >= 0) {
            long[] m = masks[i];
            for (int w = 0; w < m.length; w++) {
                into[w] |= m[w];
            }
        }
    }

    private int linear(long v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
