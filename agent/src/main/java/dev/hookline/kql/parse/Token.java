package dev.hookline.kql.parse;

/**
 * One lexical token. {@code kind} says how to read {@code text}; {@code value} holds the decoded literal (String for
 * strings and raw datetime text, Long for longs, Double for reals, Long nanoseconds for timespans).
 */
public record Token(Kind kind, String text, Object value, int line, int column) {
    public enum Kind {
        IDENT, STRING, LONG, REAL, TIMESPAN, RAW, OP, EOF
    }

    public boolean is(String s) {
        return (kind == Kind.IDENT || kind == Kind.OP) && text.equals(s);
    }

    /** How the token reads in an error message. */
    public String describe() {
        return kind == Kind.EOF ? "end of query" : "'" + text + "'";
    }
}
