package dev.hookline.watch;

/** The watch could not do its job; {@link #exitCode()} is what {@code hookline watch} exits with. */
public final class WatchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public WatchException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
