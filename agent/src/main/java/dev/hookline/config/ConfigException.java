package dev.hookline.config;

/**
 * A config file that cannot be used. The message names the file, line and column when known, and the key; callers
 * print {@link #getMessage()}, never a stack trace.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
