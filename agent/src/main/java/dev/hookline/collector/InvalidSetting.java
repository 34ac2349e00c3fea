package dev.hookline.collector;

/**
 * A collector setting whose value its type allows but the collector does not (out of range, not one of a fixed
 * set). Thrown from a settings record's constructor; the agent's config loader reports it with the key's line and
 * column.
 */
public final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the setting's YAML key (snake_case), relative to the collector's section
     * @param message what is wrong, e.g. "must be between 0 and 100, got 101"
     */
    public InvalidSetting(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Throws when {@code ok} is false: the one-line check settings records use in their constructors. */
    public static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new InvalidSetting(key, message);
        }
    }
}
