package dev.hookline.cli;

/** An error caused by the user's input; printed as one line, never as a stack trace. */
final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    UserException(String message) {
        this(message, Main.EXIT_USAGE);
    }

    UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
