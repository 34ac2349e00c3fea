package dev.hookline.scenario;

/** The scenario run could not happen at all (wrong OS, not root, agent did not start, unknown scenario name). */
public final class ScenarioException extends Exception {
    private final boolean usage;

    public ScenarioException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    /** True for a bad request (unknown scenario), false when this host cannot run the scenarios. */
    public boolean usage() {
        return usage;
    }
}
