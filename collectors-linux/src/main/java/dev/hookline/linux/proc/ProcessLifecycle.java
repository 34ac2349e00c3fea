package dev.hookline.linux.proc;

import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;

/**
 * Applies fork, exec and exit to the shared {@link ProcessTable} from two unsynchronised sources (audit exec
 * records and proc-connector fork/exit), which can arrive in either order:
 * <ul>
 * <li>a fork seen after the child's exec must not overwrite the exec'd image (skipped when the live entry is
 * no older than the fork, with a small slack for the two clocks);</li>
 * <li>an exit seen before the exec (short-lived processes) leaves the exec'd image marked exited at that time, so
 * it is not kept live forever.</li>
 * </ul>
 * The methods are synchronized: the check-then-put must be atomic, and the rates are modest.
 */
public final class ProcessLifecycle {
    /** Audit times are millisecond-truncated realtime, connector times converted monotonic: allow this skew. */
    static final long CLOCK_SLACK_NANOS = 20_000_000L;
    /**
     * kthreadd: every kernel thread is its child. The proc connector only serves the initial pid namespace, where
     * it is always pid 2. Its forks are kernel threads, which have no image to copy (/proc has no exe for them,
     * so each one cost a failed /proc read); a user-mode helper it starts is seen at its exec like any process.
     */
    static final long KTHREADD_PID = 2;
    private final ProcessTable table;
    private final ProcFs procFs;

    public ProcessLifecycle(ProcessTable table, ProcFs procFs) {
        this.table = table;
        this.procFs = procFs;
    }

    public ProcessTable table() {
        return table;
    }

    public synchronized void forked(long childTgid, long parentTgid, long nanos) {
        if (parentTgid == KTHREADD_PID) {
            return;
        }
        ProcessInfo cur = table.get(childTgid);
        if (cur != null && !cur.exited() && cur.ppid() == parentTgid) {
            // Already known as this parent's child (its exec, or the fork seen earlier): the fork is stale news.
            // Comparing times alone is not enough: audit and connector clocks differ, and /proc start times are
            // tick-granular.
            return;
        }
        if (cur != null && !cur.exited() && cur.creationTimeNanos() != Event.NULL
                && cur.creationTimeNanos() >= nanos - CLOCK_SLACK_NANOS) {
            return;
        }
        ProcessInfo parent = resolve(parentTgid);
        table.put(new ProcessInfo(childTgid, parentTgid, nanos, parent == null ? null : parent.imagePath(),
                parent == null ? null : parent.commandLine(), parent == null ? -1 : parent.uid(),
                parent == null ? null : parent.account(), parent == null ? null : parent.install(),
                parent == null ? null : parent.container()));
    }

    public synchronized void exited(long tgid, long nanos) {
        table.exited(tgid, nanos);
    }

    /** Records a new image for its pid (a successful execve). */
    public synchronized void execed(ProcessInfo image) {
        ProcessInfo prior = table.get(image.pid());
        table.put(image);
        if (prior != null && prior.exited() && image.creationTimeNanos() != Event.NULL
                && prior.exitTimeNanos() >= image.creationTimeNanos()) {
            table.exited(image.pid(), prior.exitTimeNanos());
        }
    }

    /** The table's entry for pid, else what /proc shows now (added to the table); null when unknown. */
    public ProcessInfo resolve(long pid) {
        if (pid <= 0) {
            return null;
        }
        ProcessInfo p = table.get(pid);
        if (p != null || procFs == null) {
            return p;
        }
        ProcessInfo fresh = procFs.read(pid);
        if (fresh != null) {
            synchronized (this) {
                if (table.get(pid) == null) {
                    table.put(fresh);
                }
            }
        }
        return fresh;
    }

    /**
     * Marks live entries whose pid no longer exists in /proc as exited (a missed exit, e.g. without the proc
     * connector) and drops retired entries past the grace period. Returns how many were marked.
     */
    public int sweep(long nowNanos) {
        int n = 0;
        if (procFs != null) {
            for (ProcessInfo p : table.liveProcesses()) {
                if (!procFs.alive(p.pid())) {
                    exited(p.pid(), nowNanos);
                    n++;
                }
            }
        }
        table.evict(nowNanos);
        return n;
    }
}
