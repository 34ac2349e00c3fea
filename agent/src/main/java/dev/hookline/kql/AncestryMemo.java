package dev.hookline.kql;

import dev.hookline.schema.Event;

/**
 * A resolver that also remembers, for the event being evaluated, the answers of hookline_has_ancestor() and
 * hookline_has_ancestor_cmdline(): several arms of a pack ask the same question of one event (pm-nonregistry-port,
 * pm-unexpected-host and shai-hulud's network arm all ask `hookline_has_ancestor(4, PackageManagerImages)` or
 * deeper), and with a live process table each asking walks the lineage again, a table lookup and a scan of a
 * name or command line per level. The detector calls {@link #begin} before each event; an answer is kept until
 * the next one. A question is a small integer given out by the function itself (same depth, same names, same
 * kind: same question). Lineage lookups go to the wrapped resolver unchanged.
 *
 * <p>It also remembers, across events, whether a name or command line matched a question's names, keyed by the
 * string's identity: a resolver hands out the same String for a process every time (its table entry), and a
 * string's content never changes, so the answer is the one a scan would give. A connection below a six-level chain
 * then scans no ancestor's command line again (each scan is one pass of an automaton over 60-100 chars, per level
 * and per question). A small direct-mapped table: a collision only costs a scan. One instance per evaluating
 * thread; allocation-free once its arrays have grown to the number of distinct questions.
 */
public final class AncestryMemo implements AncestryResolver {
    private static final byte TRUE = 1;
    private static final byte FALSE = 2;

    private final AncestryResolver lineage;
    private Event event;
    private long epoch = 1;
    /** Per question: the epoch its answer belongs to, and the answer. */
    private long[] answeredIn = new long[16];
    private byte[] answers = new byte[16];

    private static final int SLOTS = 1024;
    private final String[] scanned = new String[SLOTS];
    private final int[] scannedFor = new int[SLOTS];
    private final boolean[] scannedMatch = new boolean[SLOTS];

    public AncestryMemo(AncestryResolver lineage) {
        this.lineage = lineage == null ? AncestryResolver.NONE : lineage;
    }

    /** Forgets the previous event's answers: e is the event now evaluated. */
    public void begin(Event e) {
        event = e;
        epoch++;
    }

    /** The remembered answer to question q for e: 1 true, 0 false, -1 not asked yet (or e is not the event begun). */
    public int answer(Event e, int q) {
        if (e != event || q >= answers.length || answeredIn[q] != epoch) {
            return -1;
        }
        return answers[q] == TRUE ? 1 : 0;
    }

    /** Remembers the answer to question q for e (ignored unless e is the event begun). */
    public void remember(Event e, int q, boolean answer) {
        if (e != event) {
            return;
        }
        if (q >= answers.length) {
            int n = Math.max(q + 1, answers.length * 2);
            answers = java.util.Arrays.copyOf(answers, n);
            answeredIn = java.util.Arrays.copyOf(answeredIn, n);
        }
        answers[q] = answer ? TRUE : FALSE;
        answeredIn[q] = epoch;
    }

    /** Whether s (this very string) matched question q's names when last scanned: 1, 0, or -1 not known. */
    public int matched(int q, String s) {
        int i = slot(q, s);
        return scanned[i] == s && scannedFor[i] == q ? (scannedMatch[i] ? 1 : 0) : -1;
    }

    /** Remembers whether s matched question q's names. */
    public void rememberMatch(int q, String s, boolean match) {
        int i = slot(q, s);
        scanned[i] = s;
        scannedFor[i] = q;
        scannedMatch[i] = match;
    }

    private static int slot(int q, String s) {
        int h = System.identityHashCode(s) * 0x9E3779B9 + q * 0x85EBCA6B;
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    /** The resolver behind this memo. */
    public AncestryResolver lineage() {
        return lineage;
    }

    @Override
    public long parentPid(long pid) {
        return lineage.parentPid(pid);
    }

    @Override
    public String fileName(long pid) {
        return lineage.fileName(pid);
    }

    @Override
    public String commandLine(long pid) {
        return lineage.commandLine(pid);
    }

    @Override
    public WriteHistory writes() {
        return lineage.writes();
    }
}
