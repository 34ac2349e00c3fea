package dev.hookline.kql.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * The groups of a summarize: each distinct key gets a dense index, 0, 1, 2, ... in order of first appearance, which
 * is also the order groups are output in. Open addressing with linear probing over one int array that holds, per
 * slot, the key's hash and its index + 1 side by side: a lookup reads one cache line of the table and then the key
 * (usually the same object as the row's, so compared by identity), instead of a HashMap's node per group. A key is
 * one value, or with several {@code by} expressions an Object[] compared element by element (as a List would be);
 * or, for one key of a long-valued type (long, int, bool, datetime, timespan), the long itself ({@link #findLong}):
 * then a row boxes nothing, only a new group its key for the output.
 *
 * <p>The keys sit in {@link #entries()} with a stride: group g's key at {@code g * stride}, and the
 * {@code stride - 1} places after it are the caller's, for the group's state (summarize's accumulators), so that
 * a row's key and state are read together.
 *
 * <p>{@link #find} leaves where its search stopped so that {@link #add} of the missing key does not search again.
 */
final class GroupTable {
    /** Slots per group at most (load factor 1/2: short probes, and 16 bytes a group). */
    private static final int SPREAD = 2;

    private final boolean several;
    private final int stride;
    /** For long keys ({@link #findLong}): group g's key as a long; else null. */
    private long[] longs;
    /** Per slot s: [2s] the key's hash, [2s + 1] its index + 1, 0 for an empty slot. */
    private int[] table;
    private int mask;
    /** Group g's key at g * stride, its state after it. */
    private Object[] entries;
    private int size;
    /** Where the last find() stopped on an empty slot, and the hash it looked for. */
    private int missSlot = -1;
    private int missHash;
    private long missLong;

    /**
     * several: keys are Object[] of the by values (compared element by element), else the value itself; stride:
     * places per group in {@link #entries()}, the key's and the state's.
     */
    GroupTable(boolean several, int stride, int initialCapacity) {
        this.several = several;
        this.stride = stride;
        int slots = Integer.highestOneBit(Math.max(4, initialCapacity * SPREAD - 1)) << 1;
        table = new int[slots * 2];
        mask = slots - 1;
        entries = new Object[Math.max(2, initialCapacity) * stride];
    }

    int size() {
        return size;
    }

    /** The key of group g (an Object[] when the table has several keys). */
    Object key(int g) {
        return entries[g * stride];
    }

    /** Each group's key then its state, stride places a group; a new array after {@link #add} may have grown it. */
    Object[] entries() {
        return entries;
    }

    /** A table of one long-valued key: looked up with {@link #findLong}, given the key's output object to add. */
    static GroupTable ofLongs(int stride, int initialCapacity) {
        GroupTable t = new GroupTable(false, stride, initialCapacity);
        t.longs = new long[Math.max(2, initialCapacity)];
        return t;
    }

    /** As {@link #find}, in a table {@link #ofLongs}: key is the long value (Node.NULL for null). */
    int findLong(long key) {
        int h = mix(Long.hashCode(key));
        for (int s = h & mask;; s = (s + 1) & mask) {
            int g = table[2 * s + 1] - 1;
            if (g < 0) {
                missSlot = s;
                missHash = h;
                missLong = key;
                return -1;
            }
            if (table[2 * s] == h && longs[g] == key) {
                return g;
            }
        }
    }

    /** The index of key's group, or -1 if it has none yet (then {@link #add} gives it one). */
    int find(Object key) {
        int h = hash(key);
        for (int s = h & mask;; s = (s + 1) & mask) {
            int g = table[2 * s + 1] - 1;
            if (g < 0) {
                missSlot = s;
                missHash = h;
                return -1;
            }
            if (table[2 * s] == h && same(entries[g * stride], key)) {
                return g;
            }
        }
    }

    /**
     * Gives key, which the last {@link #find} did not find, the next index and returns it. With several keys the
     * table keeps the array given, so pass a copy of a reused one; with long keys, key is the output object of the
     * long that {@link #findLong} missed.
     */
    int add(Object key) {
        if (missSlot < 0) {
            throw new IllegalStateException("add() without a find() that missed");
        }
        if ((size + 1) * stride > entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        int g = size++;
        entries[g * stride] = key;
        if (longs != null) {
            if (g == longs.length) {
                longs = Arrays.copyOf(longs, g * 2);
            }
            longs[g] = missLong;
        }
        table[2 * missSlot] = missHash;
        table[2 * missSlot + 1] = g + 1;
        missSlot = -1;
        if (size * SPREAD > mask + 1) {
            grow();
        }
        return g;
    }

    private void grow() {
        int[] old = table;
        int slots = (mask + 1) * 2;
        table = new int[slots * 2];
        mask = slots - 1;
        for (int s = 0; s < old.length; s += 2) {
            if (old[s + 1] != 0) {
                int t = old[s] & mask;
                while (table[2 * t + 1] != 0) {
                    t = (t + 1) & mask;
                }
                table[2 * t] = old[s];
                table[2 * t + 1] = old[s + 1];
            }
        }
    }

    private int hash(Object key) {
        return mix(several ? Arrays.hashCode((Object[]) key) : Objects.hashCode(key));
    }

    private static int mix(int h) {
        // spread the bits: the table indexes by the low ones, and Long or Integer keys differ in the high ones
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        return several ? Arrays.equals((Object[]) a, (Object[]) b) : a != null && a.equals(b);
    }
}
