package dev.hookline.kql;

import dev.hookline.schema.Event;

/**
 * Process lineage behind the Hookline function {@code hookline_has_ancestor(N, names)}. The agent backs it with its
 * live process table; offline detection with what the events file itself says about processes. Both methods are
 * called on the evaluating thread for events that got that far, so they must be cheap and must not block.
 */
public interface AncestryResolver {
    /** Knows nothing: the function sees only the ancestry the event's own columns carry. */
    AncestryResolver NONE = writesOnly(WriteHistory.NONE);

    /** Knows no lineage, only recently written files (no process table: tests, hosts without one). */
    static AncestryResolver writesOnly(WriteHistory writes) {
        return new AncestryResolver() {
            @Override
            public long parentPid(long pid) {
                return Event.NULL;
            }

            @Override
            public String fileName(long pid) {
                return null;
            }

            @Override
            public WriteHistory writes() {
                return writes;
            }
        };
    }

    /** The parent pid of pid, or {@link Event#NULL} when unknown. */
    long parentPid(long pid);

    /** The image file name of pid (e.g. "npm", "python3.11"), or null when unknown. */
    String fileName(long pid);

    /** The command line of pid, or null when unknown (for hookline_has_ancestor_cmdline()). */
    default String commandLine(long pid) {
        return null;
    }

    /**
     * The recently written files the same source knows (for hookline_recently_written_by/below()): the agent's
     * index fed by its file collector, or the events file's own DeviceFileEvents offline. None by default.
     */
    default WriteHistory writes() {
        return WriteHistory.NONE;
    }
}
