package dev.hookline.selftest;

/** The self-test could not run (no agent, cannot start one, cannot act on the host); the message says what to do. */
public final class SelftestException extends Exception {
    private static final long serialVersionUID = 1L;

    public SelftestException(String message) {
        super(message);
    }

    public SelftestException(String message, Throwable cause) {
        super(message, cause);
    }
}
