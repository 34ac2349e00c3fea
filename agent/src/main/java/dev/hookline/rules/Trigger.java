package dev.hookline.rules;

import java.util.Locale;

/** Sentinel's triggerOperator: the result's row count compared with triggerThreshold decides whether it alerts. */
public enum Trigger {
    GT("gt"), LT("lt"), EQ("eq"), NE("ne");

    private final String word;

    Trigger(String word) {
        this.word = word;
    }

    /** Accepts Sentinel's YAML words (gt, lt, eq, ne) and the ARM template's (GreaterThan, LessThan, Equal, NotEqual). */
    public static Trigger parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "gt", "greaterthan" -> GT;
            case "lt", "lessthan" -> LT;
            case "eq", "equal", "equals" -> EQ;
            case "ne", "notequal" -> NE;
            default -> throw new IllegalArgumentException("triggerOperator \"" + text
                    + "\" is not one of gt, lt, eq, ne");
        };
    }

    public boolean fires(long rows, long threshold) {
        return switch (this) {
            case GT -> rows > threshold;
            case LT -> rows < threshold;
            case EQ -> rows == threshold;
            case NE -> rows != threshold;
        };
    }

    @Override
    public String toString() {
        return word;
    }
}
