package dev.hookline.rules;

/** A rule file or tuning file that cannot be loaded; the message names the file and, where known, line and column. */
public class RuleException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuleException(String message) {
        super(message);
    }
}
