package dev.hookline.kql.eval;

import dev.hookline.kql.AncestryResolver;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.WriteHistory;
import dev.hookline.kql.parse.Ast.Call;
import dev.hookline.kql.parse.Ast.Expr;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.util.List;

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
        super(KType.BOOL);
        this.path = path;
        this.window = window;
        this.depth = depth;
        this.images = images;
        this.commands = commands;
    }

    /** TRUE only when the index holds a write of the path (see {@link ArmGate.Match#WRITTEN}). */
    @Override
    ArmGate gate() {
        return path instanceof Nodes.EventString ? ArmGate.written(((Nodes.EventString) path).id) : null;
    }

    static Node compile(ExprCompiler ec, Call c, CompileContext ctx) {
        String fn = c.name();
        boolean below = fn.equals(BELOW);
        int want = below ? 5 : 3;
        if (c.args().size() != want) {
            throw ExprCompiler.error(c.pos(), fn + "() takes " + want + " arguments, e.g. " + (below
                    ? fn + "(FolderPath, 10m, 6, dynamic([\"npm\", \"pip\"]), dynamic([\"npm install\"]))"
                    : fn + "(FolderPath, 10m, dynamic([\"curl\", \"wget\"]))"));
        }
        Node path = ec.compile(c.args().get(0));
        if (!path.type.isText()) {
            throw ExprCompiler.error(c.args().get(0).pos(), fn + "() path must be a string such as FolderPath");
        }
        Node w = ec.compile(c.args().get(1));
        if (!w.isConstant() || w.type != KType.TIMESPAN) {
            throw ExprCompiler.error(c.args().get(1).pos(), fn + "() window must be a constant timespan such as 10m");
        }
        long window = w.evalLong(null);
        if (window == NULL || window <= 0 || window > MAX_WINDOW) {
            throw ExprCompiler.error(c.args().get(1).pos(), fn + "() window must be above 0 and at most 1h (what the"
                    + " index of recent writes keeps)");
        }
        int depth = 0;
        int next = 2;
        if (below) {
            Node d = ec.compile(c.args().get(2));
            if (!d.isConstant() || !(d.type == KType.INT || d.type == KType.LONG)) {
                throw ExprCompiler.error(c.args().get(2).pos(), fn + "() depth must be a constant whole number");
            }
            long dv = d.evalLong(null);
            if (dv < 1 || dv > Ancestry.MAX_DEPTH) {
                throw ExprCompiler.error(c.args().get(2).pos(), fn + "() depth must be 1 to " + Ancestry.MAX_DEPTH);
            }
            depth = (int) dv;
            next = 3;
        }
        String[] images = names(ec, c.args().get(next), fn);
        String[] commands = below ? names(ec, c.args().get(next + 1), fn) : new String[0];
        if (below && images.length == 0 && commands.length == 0 || !below && images.length == 0) {
            throw ExprCompiler.error(c.pos(), fn + "() needs at least one non-empty name");
        }
        if (ctx.ancestryUse == null) {
            ctx.ancestryUse = c.pos();
        }
        return new WrittenBy(path, window, depth, images, commands);
    }

    private static String[] names(ExprCompiler ec, Expr a, String fn) {
        return Ancestry.foldedNames(ec, List.of(a), fn).toArray(new String[0]);
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
