package dev.hookline.kql;

import dev.hookline.schema.Event;

/**
 * A resolver that also remembers, for the event being evaluated, the answers of hookline_has_ancestor() and
 * hookline_has_ancestor_cmdline(): several arms of a pack ask the same question of one event (pm-nonregistry-port,
 * pm-unexpected-host and shai-hulud's network arm all ask `hookline_has_ancestor(4, PackageManagerImages)` or
 * deeper), and with a live process table each asking walks the lineage again, a table lookup and a scan of a
 * name or command line per level. The detector calls {@link #begin} before each event; an answer is kept until
 * the next one. A question is a small integer given out by the function itself (same depth, same names, same
 * kind: same question). Lineage lookups go to the wrapped resolver unchanged. One instance per evaluating thread;
 * allocation-free once its arrays have grown to the number of distinct questions.
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
