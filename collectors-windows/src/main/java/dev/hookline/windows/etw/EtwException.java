package dev.hookline.windows.etw;

/** An ETW call failed; carries the Win32 error code and a message a person can act on. */
public final class EtwException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;

    public EtwException(String message, int code) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
