package dev.hookline.config;

import java.io.IOException;

/**
 * A credential value that never prints itself: {@link #toString()} is redacted, and {@link #redact(String)} removes
 * the value from any text (e.g. a server's error body or an exception message) before it is logged or thrown.
 * Secrets come from the config or from an environment variable the config names; errors name the key, never the
 * value.
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

    /**
     * The named environment variable's value as a secret; null when no variable is named; an error naming the
     * config key when it is named but unset.
     */
    public static Secret fromEnv(String variable, String configKey) throws IOException {
        if (variable == null || variable.isBlank()) {
            return null;
        }
        Secret s = of(System.getenv(variable));
        if (s == null) {
            throw new IOException(configKey + " names environment variable " + variable + ", which is not set");
        }
        return s;
    }

    /** The value, for the places that send it (a token request, a bearer header); never for a message. */
    public String reveal() {
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
