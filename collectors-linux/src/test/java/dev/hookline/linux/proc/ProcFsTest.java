package dev.hookline.linux.proc;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Reads the real /proc: our own process must come out right. */
class ProcFsTest {
    @Test
    void readsOwnProcess() {
        Assumptions.assumeTrue(Path.of("/proc/self/stat").toFile().exists(), "no /proc on this OS");
        Passwd pw = Passwd.system("h");
        ProcFs fs = ProcFs.system(pw);
        long pid = ProcessHandle.current().pid();
        ProcessInfo me = fs.read(pid);
        assertNotNull(me);
        assertEquals(ProcessHandle.current().info().command().orElseThrow(), me.imagePath());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), me.ppid());
        long created = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli() * 1_000_000L;
        assertTrue(Math.abs(me.creationTimeNanos() - created) < 2_000_000_000L,
                "creation " + me.creationTimeNanos() + " vs " + created);
        assertTrue(me.commandLine().contains("java") || me.commandLine().contains("surefire"), me.commandLine());
        ProcessTable t = new ProcessTable(1);
        assertTrue(fs.seed(t) > 0);
        assertNotNull(t.get(pid));
        assertNull(fs.read(-5));
    }
}
