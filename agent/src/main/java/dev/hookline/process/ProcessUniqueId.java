package dev.hookline.process;

import dev.hookline.schema.Event;

/**
 * MDE's ProcessUniqueId / InitiatingProcessUniqueId: an id of one process instance on the host (Windows' Process
 * Start Key). Hookline derives it from what identifies a process instance on any OS: its pid and its creation
 * time. The id is {@code (creation time in 10 ms units since the epoch) << 22 | pid}, as decimal text: pids stay
 * below 2^22 (Linux's PID_MAX_LIMIT), a pid is not reused within 10 ms, and a reboot restarts pids but not the
 * clock, so two instances never share an id; it is positive until the year 2667. The same process gets the same
 * id in its ProcessCreated row and in every row it initiates, so {@code join ... on $left.ProcessUniqueId ==
 * $right.InitiatingProcessUniqueId} follows it. Unknown creation time: no id (the column stays empty).
 */
public final class ProcessUniqueId {
    private static final long PID_BITS = 22;
    private static final long TICK_NANOS = 10_000_000L;

    private ProcessUniqueId() {
    }

    /** The id of the process with this pid created at this time (epoch nanoseconds), or null when either is unknown. */
    public static String of(long pid, long creationTimeNanos) {
        if (creationTimeNanos == Event.NULL || creationTimeNanos < 0 || pid < 0 || pid >= (1L << PID_BITS)) {
            return null;
        }
        return Long.toString((creationTimeNanos / TICK_NANOS) << PID_BITS | pid);
    }
}
