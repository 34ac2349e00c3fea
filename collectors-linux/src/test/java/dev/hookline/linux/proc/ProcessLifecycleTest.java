package dev.hookline.linux.proc;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import org.junit.jupiter.api.Test;

/** Fork/exec/exit arriving in either order from the proc connector and audit. */
class ProcessLifecycleTest {
    final ProcessTable table = new ProcessTable(60_000_000_000L);
    final ProcessLifecycle life = new ProcessLifecycle(table, null);
    static final long T = 1_700_000_000_000_000_000L;

    ProcessInfo image(long pid, long ppid, long t, String path) {
        return new ProcessInfo(pid, ppid, t, path, path, 0, null);
    }

    @Test
    void forkCopiesTheParentImage() {
        table.put(image(10, 1, T - 1_000_000_000L, "/usr/bin/bash"));
        life.forked(11, 10, T);
        assertEquals("/usr/bin/bash", table.get(11).imagePath());
        assertEquals(10, table.get(11).ppid());
    }

    @Test
    void kernelThreadsForkedByKthreaddAreNotTrackedNorLookedUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path proc)
            throws Exception {
        // a /proc where kthreadd has a stat but no exe, as on a real host: a lookup would fail for every fork
        java.nio.file.Files.createDirectories(proc.resolve("2"));
        java.nio.file.Files.writeString(proc.resolve("2/stat"), "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0");
        ProcessLifecycle withProc = new ProcessLifecycle(table, new ProcFs(proc, null));
        withProc.forked(500, ProcessLifecycle.KTHREADD_PID, T);
        assertNull(table.get(500));
        java.nio.file.Files.delete(proc.resolve("2/stat")); // a later lookup of pid 2 would now find nothing...
        withProc.forked(501, 77, T); // ...while a user process's fork with an unknown parent is still recorded
        assertEquals(77, table.get(501).ppid());
        assertNull(table.get(501).imagePath());
    }

    @Test
    void forkSeenAfterExecDoesNotOverwriteTheExecImage() {
        table.put(image(10, 1, T - 1_000_000_000L, "/usr/bin/bash"));
        life.execed(image(11, 10, T + 1_000_000L, "/usr/bin/true"));
        life.forked(11, 10, T);
        assertEquals("/usr/bin/true", table.get(11).imagePath());
    }

    @Test
    void exitSeenBeforeExecLeavesTheExecImageExited() {
        table.put(image(10, 1, T - 1_000_000_000L, "/usr/bin/bash"));
        life.forked(11, 10, T);
        life.exited(11, T + 5_000_000L);
        life.execed(image(11, 10, T + 1_000_000L, "/usr/bin/true"));
        ProcessInfo p = table.get(11);
        assertEquals("/usr/bin/true", p.imagePath());
        assertTrue(p.exited());
        assertEquals(T + 5_000_000L, p.exitTimeNanos());
    }

    @Test
    void pidReuseAfterExitTakesTheNewFork() {
        table.put(image(10, 1, T - 1_000_000_000L, "/usr/bin/bash"));
        life.execed(image(11, 10, T - 500_000_000L, "/usr/bin/old"));
        life.exited(11, T - 400_000_000L);
        life.forked(11, 10, T);
        assertEquals("/usr/bin/bash", table.get(11).imagePath());
        assertFalse(table.get(11).exited());
    }
}
