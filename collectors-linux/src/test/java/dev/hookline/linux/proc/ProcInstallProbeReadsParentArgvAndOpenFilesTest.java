package dev.hookline.linux.proc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcInstallProbeReadsParentArgvAndOpenFilesTest {
    @Test
    void statsParentIsReadPastACommandNameHoldingSpacesAndParentheses(@TempDir Path tmp) throws Exception {
        Path p = Files.createDirectories(tmp.resolve("42"));
        Files.writeString(p.resolve("stat"), "42 (sh (x) y) S 17 42 42 0 -1 4194304 100\n");
        ProcInstallProbe probe = new ProcInstallProbe(tmp);
        assertEquals(17, probe.parentPid(42));
        assertEquals(-1, probe.parentPid(43), "gone");
        Files.writeString(p.resolve("stat"), "42 (sh");
        assertEquals(-1, probe.parentPid(42), "malformed");
    }

    @Test
    void argvKeepsEachArgumentWholeAndOpenFilesAreTheDescriptorsTargets(@TempDir Path tmp) throws Exception {
        Path p = Files.createDirectories(tmp.resolve("42/fd"));
        Files.write(tmp.resolve("42/cmdline"), "rpm\0-i\0my dir/x.rpm\0".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(p.resolve("8"), Path.of("/pkgs/x-1-1.noarch.rpm"));
        ProcInstallProbe probe = new ProcInstallProbe(tmp);
        assertEquals(List.of("rpm", "-i", "my dir/x.rpm"), probe.argv(42));
        assertEquals(List.of("/pkgs/x-1-1.noarch.rpm"), probe.openFiles(42));
        assertEquals(List.of(), probe.argv(7));
        assertEquals(List.of(), probe.openFiles(7));
    }
}
