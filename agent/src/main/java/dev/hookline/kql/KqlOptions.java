package dev.hookline.kql;

/**
 * Settings of one compilation that the agent's configuration decides.
 *
 * @param rowBudget rows a join or lookup may hold on its build (right) side, and a materialize() or a subquery of
 *     in/has_any/toscalar may hold, before the query stops with a KqlException instead of exhausting the heap
 * @param allowRemoteExternalData whether externaldata may fetch http(s) URIs (off: the agent makes no outbound
 *     fetches unless configured to)
 */
public record KqlOptions(long rowBudget, boolean allowRemoteExternalData) {
    public static final long DEFAULT_ROW_BUDGET = 2_000_000L;
    public static final KqlOptions DEFAULT = new KqlOptions(DEFAULT_ROW_BUDGET, false);

    public KqlOptions {
        if (rowBudget < 1) {
            throw new IllegalArgumentException("rowBudget must be positive");
        }
    }

    public KqlOptions withRowBudget(long rows) {
        return new KqlOptions(rows, allowRemoteExternalData);
    }

    public KqlOptions withRemoteExternalData(boolean allow) {
        return new KqlOptions(rowBudget, allow);
    }
}
