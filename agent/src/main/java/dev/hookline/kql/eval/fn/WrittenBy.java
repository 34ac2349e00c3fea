package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.expr.Terms;
import dev.hookline.kql.AncestryResolver;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.WriteHistory;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;

/**
 * The Hookline functions over recently written files (a {@link WriteHistory}, fed from DeviceFileEvents):
 *
 * <ul>
 * <li>{@code hookline_recently_written_by(path, window, names)}: the file at path was last created, modified or
 * renamed into place at most window before this event's Timestamp by a process whose file name or command line
 * {@code has} (Kusto term semantics, case-insensitive) one of names. Example: an exec of a file curl just wrote, or
 * a shell wrote with {@code curl ... > f} (the shell's command line has "curl").</li>
 * <li>{@code hookline_recently_written_below(path, window, depth, images, commands)}: the same last write, by a
 * process with an ancestor within depth levels (1 = the writer's parent; the writer itself does not count) whose
 * file name has one of images or whose command line has one of commands — "written by something a package manager
 * started", as hookline_has_ancestor() and hookline_has_ancestor_cmdline() ask of the event's own process.</li>
 * </ul>
 *
 * The writer's parent comes from the file row's own InitiatingProcessParent* columns; deeper levels from the frame's
 * {@link AncestryResolver}, as for the ancestry functions (the live process table keeps exited processes 60 s, so a
 * writer long dead may end the walk early). Window, depth and names are constants. No write recorded, or no
 * Timestamp, reads as false. The lookup is one hash probe; nothing is allocated.
 */
final class WrittenBy extends Node {
    static final String BY = "hookline_recently_written_by";
    static final String BELOW = "hookline_recently_written_below";
    static final long MAX_WINDOW = WriteHistory.MAX_WINDOW_NANOS;

    private final Node path;
    private final long window;
    private final int depth; // 0 for BY
    private final String[] images; // BY: names matched against file name and command line
    private final String[] commands; // BELOW only

    private WrittenBy(Node path, long window, int depth, String[] images, String[] commands) {
        super(KType.BOOL, path);
        this.path = path;
        this.window = window;
        this.depth = depth;
        this.images = images;
        this.commands = commands;
    }

    /** TRUE only when the index holds a write of the path (see {@link ArmGate.Match#WRITTEN}). */
    @Override
    public ArmGate gate() {
        return path instanceof Nodes.EventString ? ArmGate.written(((Nodes.EventString) path).id) : null;
    }

    static Node compile(CallSite c) {
        String fn = c.name();
        boolean below = fn.equals(BELOW);
        Node path = c.arg(0);
        if (!path.type.isText()) {
            throw c.error(0, fn + "() path must be a string such as FolderPath");
        }
        Node w = c.arg(1);
        if (!w.isConstant() || w.type != KType.TIMESPAN) {
            throw c.error(1, fn + "() window must be a constant timespan such as 10m");
        }
        long window = w.evalLong(null);
        if (window == NULL || window <= 0 || window > MAX_WINDOW) {
            throw c.error(1, fn + "() window must be above 0 and at most 1h (what the"
                    + " index of recent writes keeps)");
        }
        int depth = 0;
        int next = 2;
        if (below) {
            Node d = c.arg(2);
            if (!d.isConstant() || !(d.type == KType.INT || d.type == KType.LONG)) {
                throw c.error(2, fn + "() depth must be a constant whole number");
            }
            long dv = d.evalLong(null);
            if (dv < 1 || dv > Ancestry.MAX_DEPTH) {
                throw c.error(2, fn + "() depth must be 1 to " + Ancestry.MAX_DEPTH);
            }
            depth = (int) dv;
            next = 3;
        }
        String[] images = Ancestry.foldedNames(c, next, next + 1).toArray(new String[0]);
        String[] commands = below ? Ancestry.foldedNames(c, next + 1, next + 2).toArray(new String[0]) : new String[0];
        if (below && images.length == 0 && commands.length == 0 || !below && images.length == 0) {
            throw c.error(fn + "() needs at least one non-empty name");
        }
        c.usesProcessAncestry();
        return new WrittenBy(path, window, depth, images, commands);
    }

    /** Reads the event's Timestamp and the index of recent writes besides the path. */
    @Override
    protected boolean readsRow() {
        return true;
    }

    @Override
    public long evalLong(Frame f) {
        Event e = f.event;
        if (e == null) {
            return FALSE;
        }
        AncestryResolver r = f.ancestry;
        WriteHistory w = r.writes();
        long at = e.getLong(Columns.TIMESTAMP);
        int h = w.find(path.evalString(f), at, window);
        if (h < 0) {
            return FALSE;
        }
        if (depth == 0) {
            return has(w.writerFileName(h), images) || has(w.writerCommandLine(h), images) ? TRUE : FALSE;
        }
        long writer = w.writerPid(h);
        long pid = w.writerParentPid(h);
        String name = w.writerParentFileName(h);
        if (!valid(pid) && valid(writer)) {
            pid = r.parentPid(writer);
        }
        for (int level = 1; level <= depth; level++) {
            if ((name == null || name.isEmpty()) && valid(pid)) {
                name = r.fileName(pid);
            }
            if (has(name, images) || valid(pid) && commands.length > 0 && has(r.commandLine(pid), commands)) {
                return TRUE;
            }
            if (!valid(pid)) {
                break;
            }
            pid = r.parentPid(pid);
            name = null;
        }
        return FALSE;
    }

    private static boolean valid(long pid) {
        return pid != Event.NULL && pid > 0;
    }

    private static boolean has(String s, String[] names) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (String n : names) {
            if (Terms.has(s, n, true, true)) {
                return true;
            }
        }
        return false;
    }
}
