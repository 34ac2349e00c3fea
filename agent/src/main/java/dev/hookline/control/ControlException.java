package dev.hookline.control;

/**
 * The control socket cannot be used: agent not running, caller not root, another agent running, a malformed
 * response. The message is for a person; callers print it, never a stack trace.
 */
public class ControlException extends Exception {
    private static final long serialVersionUID = 1L;

    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
