package dev.hookline.watch;

import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The watched command's process tree: its own pid and every process descended from it, learned from the
 * ProcessCreated events (child pid, initiating pid) in time order and from the live process table's ppid chains
 * (which also know forks that never exec'd). Events before the command started never join, so a reused pid from
 * before the watch is not mistaken for a member.
 * <p>
 * Containers the command starts join too ({@link ContainerLinks}): their processes are children of a daemonized
 * conmon or a containerd shim, not of the command, but their rows carry the container id, and the id is linked to
 * the watch by what the tree shows (a runtime exec'd in the tree naming it, or a docker client's lifetime).
 */
public final class ProcessTree {
    private static final int MAX_DEPTH = 64;
    private final Set<Long> members = new HashSet<>();
    private final Set<String> containers;
    private final ProcessTable table;
    private final long startNanos;

    /**
     * @param processEvents DeviceProcessEvents rows (any order); only ProcessCreated after startNanos count
     * @param table the agent's process table, or null to use the events alone
     */
    public ProcessTree(long rootPid, long startNanos, List<Event> processEvents, ProcessTable table) {
        this.table = table;
        this.startNanos = startNanos;
        members.add(rootPid);
        List<Event> created = new ArrayList<>();
        for (Event e : processEvents) {
            if ("ProcessCreated".equals(e.getString(Columns.ACTION_TYPE)) && !before(e)) {
                created.add(e);
            }
        }
        created.sort(Comparator.comparingLong(e -> e.getLong(Columns.TIMESTAMP)));
        // Repeat until stable: a child's row can carry an earlier timestamp than its parent's (clock granularity).
        grow(created);
        containers = ContainerLinks.linked(created, members, table);
        if (!containers.isEmpty()) {
            for (Event e : created) {
                if (inLinkedContainer(e)) {
                    members.add(e.getLong(Columns.PROCESS_ID));
                }
            }
            grow(created);
        }
    }

    private void grow(List<Event> created) {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Event e : created) {
                long pid = e.getLong(Columns.PROCESS_ID);
                if (pid != Event.NULL && !members.contains(pid) && descends(e.getLong(Columns.INITIATING_PROCESS_ID))) {
                    members.add(pid);
                    grew = true;
                }
            }
        }
    }

    private boolean inLinkedContainer(Event e) {
        String id = ContainerLinks.containerId(e);
        return id != null && containers.contains(id);
    }

    /** Container ids linked to the watch (empty when it started none). */
    public Set<String> containers() {
        return Set.copyOf(containers);
    }

    private boolean before(Event e) {
        long t = e.getLong(Columns.TIMESTAMP);
        return t != Event.NULL && t < startNanos;
    }

    /** True when pid is in the tree, directly or through the process table's ppid chain. */
    public boolean descends(long pid) {
        if (pid == Event.NULL || pid <= 0) {
            return false;
        }
        if (members.contains(pid)) {
            return true;
        }
        if (table != null) {
            for (ProcessInfo p : table.ancestry(pid, MAX_DEPTH)) {
                if (members.contains(p.pid()) || members.contains(p.ppid())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the event happened inside the tree: its initiating process (or, for a process row, itself). */
    public boolean contains(Event e) {
        if (before(e)) {
            return false;
        }
        if (descends(e.getLong(Columns.INITIATING_PROCESS_ID)) || !containers.isEmpty() && inLinkedContainer(e)) {
            return true;
        }
        return e.table() == Table.DeviceProcessEvents && members.contains(e.getLong(Columns.PROCESS_ID));
    }

    /** The pids known from process rows (forks without exec are found through {@link #descends} only). */
    public Set<Long> members() {
        return Set.copyOf(members);
    }
}
