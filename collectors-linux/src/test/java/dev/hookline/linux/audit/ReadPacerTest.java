package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The reader waits out a period between reads only while records come faster than an exec's worth per period. */
class ReadPacerTest {
    private static final long MS = 1_000_000L;

    /** Reads of {@code perRead} records every {@code gap} ns from {@code t0} until {@code t1}; returns the last time. */
    private static long feed(ReadPacer p, long t0, long t1, long gap, int perRead) {
        long t = t0;
        for (; t < t1; t += gap) {
            p.received(perRead, false, t);
        }
        return t - gap;
    }

    @Test
    void aQuietHostIsReadAsRecordsCome() {
        ReadPacer p = new ReadPacer(3 * MS);
        long t = feed(p, 1_000 * MS, 2_000 * MS, 10 * MS, 7); // 100 execs a second, one read each
        assertFalse(p.busy());
        assertEquals(0, p.sleepUntil());
        // a lone exec split over two reads 0.1 ms apart is not a storm
        p.received(3, false, t + 10 * MS);
        p.received(4, false, t + 10 * MS + 100_000);
        assertFalse(p.busy());
    }

    @Test
    void aStormIsReadOncePerPeriodAndPacingStopsWhenItEnds() {
        ReadPacer p = new ReadPacer(3 * MS);
        long t = feed(p, 1_000 * MS, 1_200 * MS, 2 * MS, 7); // 500 execs a second
        assertTrue(p.busy());
        assertEquals(t + 3 * MS, p.sleepUntil(), "the next read waits for the period to end");
        t = feed(p, t + 3 * MS, t + 300 * MS, 3 * MS, 10); // paced: ~1.5 execs per read, still busy
        assertTrue(p.busy());
        p.received(7, false, t + 2_000 * MS); // the storm ended two seconds ago: one exec
        assertFalse(p.busy());
        assertEquals(0, p.sleepUntil());
    }

    @Test
    void aReaderThatIsBehindReadsAgainAtOnce() {
        ReadPacer p = new ReadPacer(3 * MS);
        long t = feed(p, 1_000 * MS, 1_200 * MS, 2 * MS, 7);
        assertTrue(p.busy());
        p.received(64, true, t + 3 * MS); // the batch came back full: more is queued
        assertEquals(0, p.sleepUntil());
        p.received(20, false, t + 3 * MS + 50_000); // caught up: pace again
        assertEquals(t + 3 * MS + 50_000 + 3 * MS, p.sleepUntil());
    }

    @Test
    void periodZeroNeverPaces() {
        ReadPacer p = new ReadPacer(0);
        feed(p, 1_000 * MS, 1_200 * MS, 100_000, 64);
        assertFalse(p.busy());
        assertEquals(0, p.sleepUntil());
    }
}
