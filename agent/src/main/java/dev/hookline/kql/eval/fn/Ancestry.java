package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.expr.Terms;
import dev.hookline.kql.AncestryMemo;
import dev.hookline.kql.AncestryResolver;
import dev.hookline.kql.expr.PhraseSet;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Hookline functions {@code hookline_has_ancestor(N, names...)} and
 * {@code hookline_has_ancestor_cmdline(N, terms...)}. The first is true when a process among the ancestors of the
 * event's subject process, up to N levels up, has a file name that {@code has} (Kusto term semantics, case
 * insensitive) one of the names, so "python3" matches "python3.11" and "npm" matches "npm-cli" but not "pnpm".
 * The second asks the same of the ancestors' command lines, which is how npm and pip are told apart on Linux, where
 * their image is node or python ("node /usr/bin/npm install" has "npm install").
 *
 * <p>The subject is the created process for DeviceProcessEvents (its level 1 is InitiatingProcess*, level 2
 * InitiatingProcessParent*), and the initiating process for the other tables (level 1 is InitiatingProcessParent*).
 * Levels the event's own columns carry are read from the event; deeper levels, and levels whose name the event
 * lacks, come from the frame's {@link AncestryResolver}, walking parent pids. The event's columns are read first,
 * so a miss decided by them allocates nothing and never touches the resolver. It reads the source event, whatever
 * the pipeline has projected, so a rule can put it in any `where`.
 */
final class Ancestry extends Node {
    static final String NAME = "hookline_has_ancestor";
    static final String CMDLINE = "hookline_has_ancestor_cmdline";
    static final int MAX_DEPTH = 64;

    private static final int[] PROC_NAMES = {Columns.INITIATING_PROCESS_FILE_NAME.id(),
        Columns.INITIATING_PROCESS_PARENT_FILE_NAME.id()};
    private static final int[] PROC_PIDS = {Columns.INITIATING_PROCESS_ID.id(), Columns.INITIATING_PROCESS_PARENT_ID.id()};
    private static final int[] OTHER_NAMES = {Columns.INITIATING_PROCESS_PARENT_FILE_NAME.id()};
    private static final int[] OTHER_PIDS = {Columns.INITIATING_PROCESS_PARENT_ID.id()};
    // MDE has no InitiatingProcessParentCommandLine: only level 1 of a process event carries a command line
    private static final int[] PROC_CMDS = {Columns.INITIATING_PROCESS_COMMAND_LINE.id(), -1};
    private static final int[] OTHER_CMDS = {-1};

    /** Question numbers for {@link AncestryMemo}: one per distinct (kind, depth, names), over all rules loaded. */
    private static final Map<List<Object>, Integer> QUESTIONS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_QUESTION = new AtomicInteger();
    /**
     * Past this many distinct questions (every hunting query a long-running agent compiles may add one), new ones
     * are not numbered and go unmemoized, so neither this map nor the memos' per-question arrays grow without bound.
     */
    static final int MAX_QUESTIONS = 4096;

    /**
     * One automaton per distinct list of names, shared by every call that lists them (immutable once built): the
     * built-in packs ask the same package-manager lists in dozens of arms, and each automaton is a few hundred small
     * arrays. Bounded as the questions are.
     */
    private static final Map<List<String>, PhraseSet> PHRASES = new ConcurrentHashMap<>();

    private final int depth;
    private final String[] names; // case-folded
    /** All names in one pass over a name or command line (a command line against 21 install commands). */
    private final PhraseSet phrases;
    private final boolean cmdline;
    private final int question;

    private Ancestry(int depth, String[] names, boolean cmdline) {
        super(KType.BOOL);
        this.depth = depth;
        this.names = names;
        this.phrases = names.length > 1 ? phrases(List.of(names)) : null;
        this.cmdline = cmdline;
        List<Object> key = List.of(cmdline, depth, List.of(names));
        Integer q = QUESTIONS.get(key);
        if (q == null && QUESTIONS.size() < MAX_QUESTIONS) {
            q = QUESTIONS.computeIfAbsent(key, k -> NEXT_QUESTION.getAndIncrement());
        }
        this.question = q == null ? -1 : q;
    }

    private static PhraseSet phrases(List<String> names) {
        PhraseSet p = PHRASES.get(names);
        if (p == null) {
            p = PhraseSet.hasAnyFolded(names);
            if (PHRASES.size() < MAX_QUESTIONS) {
                PhraseSet raced = PHRASES.putIfAbsent(names, p);
                p = raced != null ? raced : p;
            }
        }
        return p;
    }

    /** Compiles a call; the depth and the names must be constants (a literal, dynamic([...]) or a scalar let). */
    static Node compile(CallSite c) {
        String fn = c.name();
        Node d = c.arg(0);
        if (!d.isConstant() || !(d.type == KType.INT || d.type == KType.LONG)) {
            throw c.error(0, fn + "() depth must be a constant whole number");
        }
        long depth = d.evalLong(null);
        if (depth < 1 || depth > MAX_DEPTH) {
            throw c.error(0, fn + "() depth must be 1 to " + MAX_DEPTH + ", got " + depth);
        }
        List<String> names = foldedNames(c, 1, c.size());
        if (names.isEmpty()) {
            throw c.error(fn + "() needs at least one non-empty name");
        }
        c.usesProcessAncestry();
        return new Ancestry((int) depth, names.toArray(new String[0]), fn.equals(CMDLINE));
    }

    /**
     * The names an ancestry-style function matches: arguments from to to-1, each a constant string or dynamic
     * list, case-folded, empty strings dropped (shared with the recently-written functions).
     */
    static List<String> foldedNames(CallSite c, int from, int to) {
        List<String> names = new ArrayList<>();
        List<Node> items = new ArrayList<>();
        for (int a = from; a < to; a++) {
            Node n = c.arg(a);
            if (!n.isConstant()) {
                throw c.error(a, c.name() + "() names must be constants (strings or dynamic([...]))");
            }
            items.clear();
            Nodes.flatten(n, items);
            for (Node i : items) {
                if (!i.type.isText()) {
                    throw c.error(a, c.name() + "() names must be strings, not " + i.type.kustoName());
                }
                String s = i.evalString(null);
                if (!s.isEmpty()) {
                    names.add(Terms.foldAll(s));
                }
            }
        }
        return names;
    }

    /** Reads the event's columns and the process table. */
    @Override
    protected boolean readsRow() {
        return true;
    }

    /** Reads up to two event columns and may walk the process table: run after the plain column tests. */
    @Override
    public double cost() {
        return 50;
    }

    @Override
    public double trueRate() {
        return 0.1;
    }

    @Override
    public long evalLong(Frame f) {
        Event e = f.event;
        if (e == null) {
            return FALSE;
        }
        AncestryResolver r = f.ancestry;
        if (r instanceof AncestryMemo) { // another arm may have asked this of this event already
            AncestryMemo m = (AncestryMemo) r;
            if (question < 0) {
                return walk(e, m.lineage(), null) ? TRUE : FALSE;
            }
            int known = m.answer(e, question);
            if (known >= 0) {
                return known == 1 ? TRUE : FALSE;
            }
            boolean found = walk(e, m.lineage(), m);
            m.remember(e, question, found);
            return found ? TRUE : FALSE;
        }
        return walk(e, r, null) ? TRUE : FALSE;
    }

    /** @param memo remembers which names and command lines matched (null: scan every one) */
    private boolean walk(Event e, AncestryResolver r, AncestryMemo memo) {
        boolean proc = e.table() == Table.DeviceProcessEvents;
        int[] nameCols = cmdline ? (proc ? PROC_CMDS : OTHER_CMDS) : proc ? PROC_NAMES : OTHER_NAMES;
        int[] pidCols = proc ? PROC_PIDS : OTHER_PIDS;
        long prev = e.getLong(proc ? Columns.PROCESS_ID.id() : Columns.INITIATING_PROCESS_ID.id());
        for (int level = 0; level < depth; level++) {
            String name = null;
            long pid = Event.NULL;
            boolean known = level < nameCols.length;
            if (known) {
                name = nameCols[level] < 0 ? null : e.getString(nameCols[level]);
                pid = e.getLong(pidCols[level]);
            }
            if (!valid(pid) && valid(prev)) {
                pid = r.parentPid(prev);
            }
            boolean fromTable = false;
            if ((name == null || name.isEmpty()) && valid(pid)) {
                name = cmdline ? r.commandLine(pid) : r.fileName(pid);
                fromTable = true;
            }
            // only the resolver's strings are remembered: they are the same objects event after event, while an
            // event's own columns are new strings (hashing a new object's identity costs about what a scan does)
            if (name != null && (memo == null || !fromTable ? matches(name) : matches(name, memo))) {
                return true;
            }
            if (!valid(pid) && !known) {
                break; // nothing left to walk
            }
            prev = pid;
        }
        return false;
    }

    private static boolean valid(long pid) {
        return pid != Event.NULL && pid > 0;
    }

    private boolean matches(String name, AncestryMemo memo) {
        int known = memo.matched(question, name);
        if (known >= 0) {
            return known == 1;
        }
        boolean m = matches(name);
        memo.rememberMatch(question, name, m);
        return m;
    }

    private boolean matches(String name) {
        if (phrases != null) {
            return phrases.hasAny(name);
        }
        for (String n : names) {
            if (Terms.has(name, n, true, true)) {
                return true;
            }
        }
        return false;
    }
}
