package dev.hookline.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lookups of pids that are no longer live go through the retired images, indexed by pid. */
class ProcessTableRetiredLookupTest {
    private static final long SEC = 1_000_000_000L;

    private static ProcessInfo image(long pid, long createdSec, String path) {
        return new ProcessInfo(pid, 1, createdSec * SEC, path, path, 0, null);
    }

    @Test
    void getReturnsTheNewestRetiredImageOfThePidAmongMany() {
        ProcessTable t = new ProcessTable(60 * SEC);
        for (long pid = 1000; pid < 3000; pid++) {
            t.put(image(pid, 1, "/bin/other"));
            t.exited(pid, 2 * SEC);
        }
        ProcessInfo first = image(42, 3, "/bin/first");
        ProcessInfo second = image(42, 5, "/bin/second");
        t.put(first);
        t.put(second); // an exec: first is retired
        t.exited(42, 6 * SEC);
        assertSame(second, t.get(42));
        assertNull(t.get(7));
        assertEquals(2002, t.retiredCount());
    }

    @Test
    void getAtPicksTheRetiredImageAliveAtThatTimeWhenThePidWasReused() {
        ProcessTable t = new ProcessTable(60 * SEC);
        ProcessInfo old = image(42, 1, "/bin/old");
        ProcessInfo reused = image(42, 10, "/bin/reused");
        t.put(old);
        t.exited(42, 2 * SEC);
        t.put(reused);
        t.exited(42, 11 * SEC);
        assertSame(old, t.getAt(42, (long) (1.5 * SEC)));
        assertSame(reused, t.getAt(42, (long) (10.5 * SEC)));
        assertSame(reused, t.getAt(42, 20 * SEC)); // alive at no known time: the newest, as get() answers
    }

    @Test
    void evictedImagesAreNoLongerFoundByPid() {
        ProcessTable t = new ProcessTable(10 * SEC);
        t.put(image(42, 1, "/bin/a"));
        t.exited(42, 2 * SEC);
        t.put(image(43, 1, "/bin/b"));
        t.exited(43, 20 * SEC);
        assertEquals(1, t.evict(15 * SEC));
        assertNull(t.get(42));
        assertEquals("/bin/b", t.get(43).imagePath());
        assertEquals(1, t.evict(40 * SEC));
        assertNull(t.get(43));
        assertEquals(0, t.retiredCount());
    }

    @Test
    void lookingUpNewPidsDoesNotScanEveryRetiredImage() {
        // 200k retired images (a 60 s grace period at ~1.7k execs/s); 200k lookups of pids never seen. A scan per
        // lookup would be 4e10 comparisons (minutes); indexed, it is milliseconds.
        ProcessTable t = new ProcessTable(600 * SEC);
        for (long pid = 0; pid < 200_000; pid++) {
            t.put(image(pid, 1, "/bin/true"));
            t.exited(pid, 2 * SEC);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (long pid = 1_000_000; pid < 1_200_000; pid++) {
                assertNull(t.get(pid));
                assertNull(t.getAt(pid, 3 * SEC));
            }
        });
    }

    @Test
    void pastTheRetiredBoundTheOldestGoEarlyAndAreCounted() {
        ProcessTable t = new ProcessTable(60 * SEC, 100);
        for (long pid = 1000; pid < 1250; pid++) {
            t.put(image(pid, 1, "/bin/p" + pid));
            t.exited(pid, 2 * SEC);
        }
        assertEquals(100, t.retiredCount());
        assertEquals(150, t.evictedEarlyCount());
        assertNull(t.get(1149)); // within its grace period, but among the oldest 150
        assertEquals("/bin/p1150", t.get(1150).imagePath());
        assertEquals("/bin/p1249", t.get(1249).imagePath());
        assertEquals(100, t.evict(100 * SEC)); // the rest leave by age as before
        assertEquals(0, t.retiredCount());
    }
}
