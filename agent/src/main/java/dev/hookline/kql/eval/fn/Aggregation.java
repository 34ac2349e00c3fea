package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.parse.KType;

/**
 * One compiled aggregate of a summarize, e.g. {@code dcount(DeviceId)}: it starts one {@link Accumulator} per group
 * and each row of the group is added to it.
 */
public abstract class Aggregation {
    /** The type of the output column. */
    public final KType type;

    protected Aggregation(KType type) {
        this.type = type;
    }

    /** A new, empty running state for one group. */
    public abstract Accumulator start();

    /** The running state of one aggregate in one group. */
    public interface Accumulator {
        /** Adds the row the frame holds. */
        void add(Frame f);

        /** The group's value as an output object (String, Long, Double, Instant, Duration, List, Map, ...) or null. */
        Object result();
    }
}
