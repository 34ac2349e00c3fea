package dev.hookline.kql.expr;

import dev.hookline.kql.AncestryResolver;
import dev.hookline.schema.Event;

/**
 * The row being evaluated: the source event (when the pipeline reads a table) plus slots for computed columns and
 * for rows loaded from a materialized input. One frame per pipeline, reused for every row, so evaluation allocates
 * nothing of its own.
 */
public final class Frame {
    public Event event;
    /** Process lineage for hookline_has_ancestor(); set once per streaming arm, never null. */
    public AncestryResolver ancestry = AncestryResolver.NONE;
    public long now;
    public final long[] longs;
    public final double[] reals;
    public final String[] strings;
    /** Dynamic values ({@link Dynamic}). */
    public final Object[] objects;

    public Frame(int longSlots, int realSlots, int stringSlots) {
        this(longSlots, realSlots, stringSlots, 0);
    }

    public Frame(int longSlots, int realSlots, int stringSlots, int objectSlots) {
        longs = new long[longSlots];
        reals = new double[realSlots];
        strings = new String[stringSlots];
        objects = new Object[objectSlots];
    }
}
