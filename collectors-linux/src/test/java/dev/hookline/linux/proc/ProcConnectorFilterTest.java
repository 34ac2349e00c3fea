package dev.hookline.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.process.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Against the real kernel (root): the socket filter lets only process forks and exits through. */
class ProcConnectorFilterTest {
    @Test
    void execCommAndThreadEventsNeverReachTheReader() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "no /proc");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (CAP_NET_ADMIN)");
        ProcessTable table = new ProcessTable(60_000_000_000L);
        ProcConnector c = new ProcConnector(new ProcessLifecycle(table, null));
        try {
            c.start();
        } catch (java.io.IOException e) {
            Assumptions.abort("proc connector unavailable: " + e.getMessage());
        }
        try {
            assertTrue(c.filtered(), "the kernel accepted the filter");
            for (int i = 0; i < 20; i++) {
                // each exec also sends EXEC and COMM events
                new ProcessBuilder("/bin/true").start().waitFor();
                // each thread sends a FORK and an EXIT with pid != tgid
                Thread t = new Thread(() -> { });
                t.start();
                t.join();
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (c.exits() < 20 && System.nanoTime() < deadline) {
                c.poll(); // no thread of its own: the owner (the audit reader) polls
                Thread.sleep(20);
            }
            c.poll();
        } finally {
            c.close();
        }
        assertTrue(c.forks() >= 20 && c.exits() >= 20, "forks " + c.forks() + ", exits " + c.exits());
        // Every datagram that arrived was a process fork or exit (other processes on the host included).
        assertEquals(c.forks() + c.exits(), c.messages());
    }

    /**
     * While another listener keeps the connector on, events flow to any socket in the group: a connector that
     * joined the group before attaching its filter queued EXEC and COMM events (seen as 1-8 unfiltered datagrams in
     * 300 while a second agent ran an exec storm). Started and stopped 30 times during an exec loop, it must see
     * process forks and exits only.
     */
    @Test
    void aConnectorStartedWhileAnotherListensGetsNoUnfilteredEvent() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "no /proc");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (CAP_NET_ADMIN)");
        ProcConnector other = new ProcConnector(new ProcessLifecycle(new ProcessTable(60_000_000_000L), null));
        try {
            other.start();
        } catch (java.io.IOException e) {
            Assumptions.abort("proc connector unavailable: " + e.getMessage());
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Thread execs = new Thread(() -> {
            while (running.get()) {
                try {
                    new ProcessBuilder("/bin/true").start().waitFor();
                } catch (Exception e) {
                    return;
                }
            }
        });
        execs.start();
        try {
            for (int round = 0; round < 30; round++) {
                ProcConnector c = new ProcConnector(new ProcessLifecycle(new ProcessTable(60_000_000_000L), null));
                c.start();
                try {
                    Thread.sleep(5);
                    c.poll();
                } finally {
                    c.close();
                }
                assertEquals(c.forks() + c.exits(), c.messages(), "round " + round);
                other.poll();
            }
        } finally {
            running.set(false);
            execs.join();
            other.close();
        }
    }
}
