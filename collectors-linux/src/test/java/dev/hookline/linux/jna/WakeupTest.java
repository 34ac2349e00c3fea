package dev.hookline.linux.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

/** The stop signal a polling collector thread watches: a real eventfd, polled as the collectors poll it. */
class WakeupTest {
    private static int readable(Wakeup w, int timeoutMillis) {
        Memory pfd = new Memory(8);
        w.pollEntry(pfd, 0);
        int n = LibC.INSTANCE.poll(pfd, 1, timeoutMillis);
        return n > 0 ? pfd.getShort(6) & 1 : 0;
    }

    @Test
    void aSignalWakesAPollThatWouldOtherwiseWaitForeverAndClearingRearmsIt() throws Exception {
        try (Wakeup w = new Wakeup()) {
            assertTrue(w.fd() >= 0);
            assertEquals(0, readable(w, 0), "not signalled yet");
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                w.signal();
            });
            t.start();
            assertEquals(1, readable(w, -1), "the signal ends an infinite poll"); // a lost signal hangs here
            t.join();
            w.signal(); // idempotent while pending
            assertEquals(1, readable(w, 0));
            w.clear();
            assertEquals(0, readable(w, 0), "cleared");
            w.clear(); // nothing pending: not an error
        }
    }

    @Test
    void closeReleasesTheDescriptorAndLaterSignalsAreHarmless() {
        Wakeup w = new Wakeup();
        w.close();
        assertEquals(-1, w.fd());
        w.signal();
        w.clear();
        w.close();
    }
}
