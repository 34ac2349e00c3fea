package dev.hookline.control;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.ResultTable;
import java.util.Map;

/** What the agent answers on its control socket. Called on connection threads: implementations must be thread-safe. */
public interface ControlHandler {
    /** Agent counters and facts; values are numbers, strings or booleans (JSON scalars). */
    Map<String, Object> status();

    /** Runs a hunting query over the agent's retained events. Throws {@link KqlException} for a bad query. */
    ResultTable query(String kql) throws KqlException;

    /**
     * Runs a hunting query over the events of the last {@code sinceNanos}: the on-disk store's and the ring's
     * (each event once). Handlers without a store refuse it with a {@link ControlException}-worthy message by
     * throwing {@link UnsupportedOperationException}.
     */
    default ResultTable query(String kql, long sinceNanos) throws KqlException {
        throw new UnsupportedOperationException("this agent keeps no event store (store.enabled is false)");
    }

    /**
     * The query of {@link #query(String, long)} ({@code sinceNanos} 0: {@link #query(String)}), telling
     * {@code progress} how far it has read; handlers that cannot tell leave it at zero.
     */
    default ResultTable query(String kql, long sinceNanos, QueryProgress progress) throws KqlException {
        return sinceNanos > 0 ? query(kql, sinceNanos) : query(kql);
    }
}
