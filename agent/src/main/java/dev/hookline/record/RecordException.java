package dev.hookline.record;

/** A recording or replay could not be made; the message says why and what to do. */
public final class RecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public RecordException(String message) {
        super(message);
    }
}
