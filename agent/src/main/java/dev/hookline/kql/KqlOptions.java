package dev.hookline.kql;

/**
 * Settings of one compilation that the agent's configuration decides.
 *
 * @param rowBudget rows a join or lookup may hold on its build (right) side, and a materialize() or a subquery of
 *     in/has_any/toscalar may hold, before the query stops with a KqlException instead of exhausting the heap
 * @param allowRemoteExternalData whether externaldata may fetch http(s) URIs (off: the agent makes no outbound
 *     fetches unless configured to)
 * @param allowLocalExternalData whether externaldata may read local files: right for the CLI, which reads with
 *     its user's rights; a query arriving over the agent's control socket would read them as the agent (root), so
 *     that path should turn it off unless configured
 */
public record KqlOptions(long rowBudget, boolean allowRemoteExternalData, boolean allowLocalExternalData) {
    public static final long DEFAULT_ROW_BUDGET = 2_000_000L;
    public static final KqlOptions DEFAULT = new KqlOptions(DEFAULT_ROW_BUDGET, false, true);

    public KqlOptions {
        if (rowBudget < 1) {
            throw new IllegalArgumentException("rowBudget must be positive");
        }
    }

    public KqlOptions withRowBudget(long rows) {
        return new KqlOptions(rows, allowRemoteExternalData, allowLocalExternalData);
    }

    public KqlOptions withRemoteExternalData(boolean allow) {
        return new KqlOptions(rowBudget, allow, allowLocalExternalData);
    }

    public KqlOptions withLocalExternalData(boolean allow) {
        return new KqlOptions(rowBudget, allowRemoteExternalData, allow);
    }
}
