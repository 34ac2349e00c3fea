package dev.hookline.process;

import dev.hookline.kql.AncestryResolver;
import dev.hookline.schema.Event;

/**
 * The live process table as the lineage behind hookline_has_ancestor(). Ancestors are looked up by pid as they are
 * now (or within the exit grace period), so a parent that exited long ago ends the walk.
 */
public final class TableAncestry implements AncestryResolver {
    private final ProcessTable table;

    public TableAncestry(ProcessTable table) {
        this.table = table;
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
