package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.process.ProcessInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectedPathsTest {
    @TempDir
    Path dir;

    @Test
    void filesMatchExactlyDirectoriesAndWildcardsByWholeComponents() throws Exception {
        Files.createDirectories(dir.resolve("classes"));
        ProtectedPaths p = new ProtectedPaths(List.of(dir.resolve("lib") + "/*", dir.resolve("classes").toString(),
                dir.resolve("hookline.yaml").toString(), "relative/../x.jar"), (k, m) -> { });
        assertTrue(p.covers(dir.resolve("lib/agent.jar").toString()));
        assertTrue(p.covers(dir.resolve("classes/dev/hookline/A.class").toString()));
        assertTrue(p.covers(dir.resolve("hookline.yaml").toString()));
        assertTrue(p.covers(Path.of("x.jar").toAbsolutePath().toString()), "normalised against the working dir");
        assertFalse(p.covers(dir.resolve("library/agent.jar").toString()));
        assertFalse(p.covers(dir.resolve("hookline.yaml.bak").toString()));
        assertTrue(p.coversBelow(dir.toString()), "renaming the install directory moves everything");
        assertTrue(p.coversBelow(dir.resolve("lib").toString()));
        assertFalse(p.coversBelow(dir.resolve("li").toString()));
        assertFalse(p.coversBelow(dir.resolve("other").toString()));
        assertTrue(new ProtectedPaths(List.of(), (k, m) -> { }).isEmpty());
    }

    @Test
    void symlinkedEntriesAreAlsoKnownByTheirRealPath() throws Exception {
        Path real = Files.writeString(dir.resolve("real.jar"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link.jar"), real);
        ProtectedPaths p = new ProtectedPaths(List.of(link.toString()), (k, m) -> { });
        assertTrue(p.covers(real.toString()));
        assertTrue(p.covers(link.toString()));
    }

    @Test
    void aWriteBurstIsOneAlertPerPathActionAndProcess() {
        List<String> alerts = new ArrayList<>();
        ProtectedPaths p = new ProtectedPaths(List.of("/opt/hookline/hookline.yaml"), (k, m) -> alerts.add(k + ": " + m));
        ProcessInfo vi = new ProcessInfo(50, 1, 0, "/usr/bin/vi", "vi /opt/hookline/hookline.yaml", 0, null);
        p.tampered("modified", "/opt/hookline/hookline.yaml", null, 50, vi, 0);
        p.tampered("modified", "/opt/hookline/hookline.yaml", null, 50, vi, 5_000_000_000L);
        p.tampered("deleted", "/opt/hookline/hookline.yaml", null, 50, vi, 6_000_000_000L);
        p.tampered("modified", "/opt/hookline/hookline.yaml", null, 50, vi, 11_000_000_000L);
        assertEquals(3, alerts.size(), alerts.toString());
        assertEquals(4, p.hits);
        assertEquals("AgentFileTampered: the agent's file /opt/hookline/hookline.yaml modified by pid 50 (/usr/bin/vi, "
                + "command line: vi /opt/hookline/hookline.yaml, uid 0); the agent's code, launcher or configuration "
                + "may have been altered", alerts.get(0));
    }
}
