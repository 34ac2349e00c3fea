package dev.hookline.kql;

/**
 * A query that cannot be parsed or compiled. The message names the line and column (1-based) and what was
 * expected; callers print {@link #getMessage()} and never a stack trace.
 */
public class KqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public KqlException(int line, int column, String message) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
