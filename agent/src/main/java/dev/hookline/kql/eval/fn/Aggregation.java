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

    /**
     * As {@link #start()}, for an aggregate whose state grows with its distinct values or rows (dcount, make_set,
     * make_list, make_bag): it reports each value it keeps to {@code held}, which stops the query when the values all
     * groups hold exceed the row budget. The default is for aggregates of constant size.
     */
    public Accumulator start(Held held) {
        return start();
    }

    /**
     * Base of the aggregates whose state grows with their input: they implement only {@link #start(Held)}, and a
     * start without a budget is one that counts against nothing.
     */
    public abstract static class Growing extends Aggregation {
        protected Growing(KType type) {
            super(type);
        }

        @Override
        public final Accumulator start() {
            return start(Held.NONE);
        }

        @Override
        public abstract Accumulator start(Held held);
    }

    /** Counts the values a summarize's accumulators keep; throws (a KqlException) past the budget. */
    public interface Held {
        Held NONE = () -> { };

        /** One more value kept. */
        void grow();
    }

    /** The running state of one aggregate in one group. */
    public interface Accumulator {
        /** Adds the row the frame holds. */
        void add(Frame f);

        /**
         * The group's value as an output object (String, Long, Double, Instant, Duration, List, Map, ...) or null.
         * Called once, after the last add: the accumulator may hand over its own list or map instead of a copy.
         */
        Object result();
    }
}
