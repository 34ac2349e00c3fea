package dev.hookline.linux.fanotify;

import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayDeque;

/**
 * File rows waiting for their initiator to settle: a row whose writer is unknown or an image younger than the hold
 * time waits that long, then its initiator is looked up again (the audit records of the writer's execs have reached
 * the process table by then); later rows queue behind it so the order is kept. Rows are copies from a small pool.
 * Their paths are in {@link PendingPaths}, so an exec of one of them can release the queue up to it first. Callers
 * hold the collector's lock.
 */
final class HeldRows {
    /** How long an uncertain initiator is waited for. */
    static final long HOLD_MS = 250;
    private static final int MAX_POOL = 1024;

    /** Where released rows go, with their settled initiator. */
    interface Out {
        void publish(Event row, ProcessInfo initiator, long pid);
    }

    private static final class Held {
        final Event event = new Event(Table.DeviceFileEvents);
        ProcessInfo who;
        long pid;
        long epoch;
        long mono;
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final ArrayDeque<Held> pool = new ArrayDeque<>();
    private final InitiatorLookup initiators;
    private final PendingPaths pending;
    private final Out out;
    /** A test hook may lengthen it. */
    private volatile long holdNanos = HOLD_MS * 1_000_000L;

    HeldRows(InitiatorLookup initiators, PendingPaths pending, Out out) {
        this.initiators = initiators;
        this.pending = pending;
        this.out = out;
    }

    long holdNanos() {
        return holdNanos;
    }

    void holdNanos(long nanos) {
        holdNanos = nanos;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Keeps a copy of {@code row} until its hold time has passed ({@code mono}: now, monotonic). */
    void hold(Event row, ProcessInfo who, long pid, long epoch, long mono) {
        Held h = pool.isEmpty() ? new Held() : pool.pollFirst();
        h.event.copyFrom(row);
        h.who = who;
        h.pid = pid;
        h.epoch = epoch;
        h.mono = mono;
        held.addLast(h);
        pending.add(h.event.getString(Columns.FOLDER_PATH));
    }

    /** When the first row is due (monotonic nanos), or Long.MAX_VALUE with none held. */
    long firstDue() {
        Held h = held.peekFirst();
        return h == null ? Long.MAX_VALUE : h.mono + holdNanos;
    }

    /** Publishes rows from the head once they have waited the hold time ({@code all}: every one, now). */
    void releaseDue(long mono, boolean all) {
        while (!held.isEmpty()) {
            Held h = held.peekFirst();
            if (!all && mono - h.mono < holdNanos) {
                return;
            }
            releaseHead();
        }
    }

    /** Publishes rows from the head up to the last one for {@code path}; returns how many. */
    int releaseThrough(String path) {
        int last = -1;
        int i = 0;
        for (Held h : held) {
            if (path.equals(h.event.getString(Columns.FOLDER_PATH))) {
                last = i;
            }
            i++;
        }
        for (int n = 0; n <= last; n++) {
            releaseHead();
        }
        return last + 1;
    }

    private void releaseHead() {
        Held h = held.pollFirst();
        out.publish(h.event, initiators.settle(h.who, h.pid, h.epoch), h.pid);
        pending.remove(h.event.getString(Columns.FOLDER_PATH));
        h.who = null;
        if (pool.size() < MAX_POOL) {
            pool.addLast(h);
        }
    }
}
