package dev.hookline.collector;

/**
 * Service-provider entry point of a collectors module, found at run time with {@link java.util.ServiceLoader}
 * (META-INF/services/dev.hookline.collector.CollectorProvider), so the agent never links OS code directly.
 */
public interface CollectorProvider {
    /** Short name used in config and status, e.g. "linux-audit". */
    String name();

    /**
     * Null when this collector can run here; otherwise why not (wrong OS, not root, kernel lacks audit), in
     * words a person can act on.
     */
    String unsupportedReason();

    Collector create(CollectorContext context) throws CollectorException;

    /**
     * False when this collector is for another operating system: the agent then skips it without reporting it as
     * missing (a Linux host is not missing its Windows collector). Unsupported on the right OS (not root, no
     * audit in the kernel) is {@link #unsupportedReason()}'s job, and is reported.
     */
    default boolean forThisPlatform() {
        return true;
    }
}
