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
}
