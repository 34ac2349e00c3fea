package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WriteBurstsTest {
    static final long S = 1_000_000_000L;

    @Test
    void aContinuousWriterGetsOneRowPerMaximumBurst() {
        WriteBursts b = new WriteBursts(2 * S, 10 * S);
        int rows = 0;
        for (long t = 0; t <= 25 * S; t += S / 2) {
            rows += b.write(1, "/var/log/app.log", t) ? 1 : 0;
        }
        assertEquals(3, rows, "0 s, ~10 s, ~20 s");
    }

    @Test
    void quietPeriodEndsABurstAndOtherProcessesHaveTheirOwn() {
        WriteBursts b = new WriteBursts(2 * S, 60 * S);
        assertTrue(b.write(1, "/f", 0));
        assertFalse(b.write(1, "/f", S));
        assertTrue(b.write(2, "/f", S), "another process: its own burst");
        assertTrue(b.write(1, "/f", 4 * S), "after the quiet period");
    }

    @Test
    void unlinkEndsBurstsOnThePath() {
        WriteBursts b = new WriteBursts(2 * S, 60 * S);
        b.created(1, "/f", 0);
        b.ended("/f");
        assertEquals(0, b.tracked());
        assertTrue(b.write(1, "/f", S));
    }

    @Test
    void trackingIsBounded() {
        WriteBursts b = new WriteBursts(2 * S, 60 * S);
        for (int i = 0; i < WriteBursts.MAX_TRACKED + 100; i++) {
            b.write(1, "/f" + i, 0);
        }
        assertEquals(WriteBursts.MAX_TRACKED, b.tracked());
    }
}
