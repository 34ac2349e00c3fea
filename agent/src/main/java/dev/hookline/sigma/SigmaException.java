package dev.hookline.sigma;

/** A Sigma rule that cannot be converted; the message names the rule file and the feature. */
public class SigmaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SigmaException(String message) {
        super(message);
    }
}
