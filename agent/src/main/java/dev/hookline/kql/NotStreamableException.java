package dev.hookline.kql;

/**
 * A valid query that streaming cannot evaluate, naming the first operator that needs more than one row at a time
 * (summarize, join, distinct, ...). A detection rule with such a query is a scheduled rule, not an error.
 */
public class NotStreamableException extends KqlException {
    private static final long serialVersionUID = 1L;
    private final String operator;

    public NotStreamableException(int line, int column, String operator, String message) {
        super(line, column, message);
        this.operator = operator;
    }

    /** The operator's keyword as written, e.g. summarize. */
    public String operator() {
        return operator;
    }
}
