package dev.hookline.collector;

/** A collector could not start or failed; the message says what is missing and what still works. */
public class CollectorException extends Exception {
    private static final long serialVersionUID = 1L;

    public CollectorException(String message) {
        super(message);
    }

    public CollectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
