package dev.hookline.sentinel;

/**
 * A credential value that never prints itself: {@link #toString()} is redacted, and {@link #redact(String)} removes
 * the value from any text (e.g. a server's error body or an exception message) before it is logged or thrown.
 */
public final class Secret {
    private static final String REDACTED = "<redacted>";
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** A secret, or null for a null or blank value. */
    public static Secret of(String value) {
        return value == null || value.isBlank() ? null : new Secret(value);
    }

    /** The value, for the one place that sends it. */
    String reveal() {
        return value;
    }

    /** The text with every occurrence of the value replaced. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, REDACTED);
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
