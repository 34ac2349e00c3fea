package dev.hookline.kql.eval.fn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * The distinct values one group has seen, in first-seen order (dcount, make_set). A summarize by a fine key has many
 * groups of a few values each, so up to {@link #SMALL} values sit in an array searched linearly (made with the
 * accumulator, so that it lies beside it in memory, and at its full size: growing it cost more than its room); past that, a HashSet of their keys beside a list of the values. Two values are the same when their keys
 * are equal: the value itself for dcount, {@code Dynamic.key} for make_set (where 1 and 1.0 are one value).
 * Accumulators extend it, so that a group's state is one object while it is small.
 */
class DistinctValues {
    /** Values kept in the array before the hash set (a linear search of 8 is cheaper than hashing). */
    static final int SMALL = 8;

    /** Whether the values are kept for {@link #values()}, or only counted (then a value is its own key). */
    private final boolean keepValues;
    /** While small: the keys, in first-seen order. */
    private Object[] keys;
    /** While small: the values, the same array as keys as long as every value is its own key. */
    private Object[] values;
    private int size;
    /** Past SMALL: the keys. */
    private HashSet<Object> many;
    /** Past SMALL, with keepValues: the values in first-seen order. */
    private ArrayList<Object> list;

    DistinctValues(boolean keepValues) {
        this.keepValues = keepValues;
        keys = new Object[SMALL];
        values = keys;
    }

    /** Adds value (not null) under key (not null) unless a value of an equal key is kept; true if it was added. */
    final boolean add(Object key, Object value) {
        if (many != null) {
            if (!many.add(key)) {
                return false;
            }
            if (keepValues) {
                list.add(value);
            }
            size++;
            return true;
        }
        for (int i = 0; i < size; i++) {
            Object k = keys[i];
            if (k == key || k.equals(key)) {
                return false;
            }
        }
        if (size == SMALL) {
            toHashSet();
            return add(key, value);
        }
        if (key != value && values == keys) {
            values = keys.clone(); // from now on the values differ from their keys
        }
        keys[size] = key;
        values[size] = value;
        size++;
        return true;
    }

    private void toHashSet() {
        many = new HashSet<>(SMALL * 4);
        many.addAll(Arrays.asList(keys).subList(0, size));
        if (keepValues) {
            list = new ArrayList<>(SMALL * 2);
            list.addAll(Arrays.asList(values).subList(0, size));
        }
        keys = null;
        values = null;
    }

    /** How many distinct values. */
    final int size() {
        return size;
    }

    /**
     * The values in first-seen order, a new list or the one kept (not a copy): call it once, after the last add.
     */
    final List<Object> values() {
        if (!keepValues) {
            throw new IllegalStateException("values are only counted");
        }
        if (list != null) {
            return list;
        }
        if (size == 0) {
            return new ArrayList<>(0);
        }
        return Arrays.asList(size == values.length ? values : Arrays.copyOf(values, size));
    }
}
