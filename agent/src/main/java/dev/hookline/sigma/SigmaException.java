package dev.hookline.sigma;

/**
 * A Sigma rule that cannot be converted; the message names the rule file and the feature. {@link #feature()} is a
 * short name for the kind of feature (a field, a modifier, a logsource, ...), for summaries.
 */
public class SigmaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String feature;

    public SigmaException(String message) {
        this(message, "rule");
    }

    public SigmaException(String message, String feature) {
        super(message);
        this.feature = feature;
    }

    /** The kind of feature refused: yaml, collection, logsource, field, modifier, value, condition, rule, internal. */
    public String feature() {
        return feature;
    }
}
