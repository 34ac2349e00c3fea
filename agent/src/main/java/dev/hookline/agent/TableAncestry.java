package dev.hookline.agent;

import dev.hookline.kql.AncestryResolver;
import dev.hookline.kql.WriteHistory;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;

/**
 * The live process table as the lineage behind hookline_has_ancestor(). Ancestors are looked up by pid as they are
 * now (or within the exit grace period), so a parent that exited long ago ends the walk.
 */
public final class TableAncestry implements AncestryResolver {
    private final ProcessTable table;
    private final WriteHistory writes;

    public TableAncestry(ProcessTable table) {
        this(table, WriteHistory.NONE);
    }

    /** @param writes the agent's index of recent file writes, for hookline_recently_written_*() */
    public TableAncestry(ProcessTable table, WriteHistory writes) {
        this.table = table;
        this.writes = writes == null ? WriteHistory.NONE : writes;
    }

    @Override
    public WriteHistory writes() {
        return writes;
    }

    @Override
    public long parentPid(long pid) {
        ProcessInfo p = table.get(pid);
        return p == null || p.ppid() <= 0 || p.ppid() == pid ? Event.NULL : p.ppid();
    }

    @Override
    public String fileName(long pid) {
        ProcessInfo p = table.get(pid);
        return p == null ? null : p.fileName();
    }

    @Override
    public String commandLine(long pid) {
        ProcessInfo p = table.get(pid);
        return p == null ? null : p.commandLine();
    }
}
