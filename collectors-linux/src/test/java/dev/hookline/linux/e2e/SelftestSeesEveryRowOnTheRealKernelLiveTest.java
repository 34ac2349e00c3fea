package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.linux.scenario.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline selftest} for real (root, the real kernel's audit and fanotify), as a user runs it: against a
 * running agent and with --in-process; and with the scratch directory excluded from the file collector, where the
 * four file rows must be named as missing and the exit must be non-zero.
 */
class SelftestSeesEveryRowOnTheRealKernelLiveTest {
    private static final List<String> ROWS = List.of("DeviceProcessEvents ProcessCreated",
            "DeviceNetworkEvents ConnectionSuccess", "DeviceFileEvents FileCreated", "DeviceFileEvents FileModified",
            "DeviceFileEvents FileRenamed", "DeviceFileEvents FileDeleted");

    private static Programs.Result selftest(Path tmp, String config, String... options) throws Exception {
        Facilities.assumeAgentCanRun();
        String java = ProcessHandle.current().info().command().orElse(null);
        Facilities.skipIf(java == null, "the path of this JVM is unknown");
        Path cfg = tmp.resolve("hookline.yaml");
        Files.writeString(cfg, config);
        // on the root filesystem (target/), which the file collector marks; the temp dir may be anywhere
        Path scratch = Files.createDirectories(Path.of("target", "selftest-it").toAbsolutePath());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.hookline.cli.Main", "selftest", "--config", cfg.toString(), "--dir", scratch.toString()));
        cmd.addAll(List.of(options));
        Programs.Result r = Programs.run(tmp, Map.of(), 120, cmd);
        System.out.println("hookline selftest " + List.of(options) + " (exit " + r.exit() + "):\n" + r.output());
        return r;
    }

    private static void assertEveryRowSeen(Programs.Result r) {
        assertEquals(0, r.exit(), r.output());
        for (String row : ROWS) {
            assertTrue(r.output().lines().anyMatch(l -> l.startsWith(row) && l.matches(".*  yes +\\d+$")),
                    row + " seen with a latency: " + r.output());
        }
        assertTrue(r.output().contains("6 of 6 expected rows seen"), r.output());
    }

    @Test
    void withTheAgentRunningEveryExpectedRowArrivesWithItsLatency(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        try (LiveAgent agent = LiveAgent.start(tmp)) {
            Programs.Result r = selftest(tmp, "control:\n  socket: " + agent.socket + "\n");
            assertEveryRowSeen(r);
            assertTrue(r.output().contains("the running agent at " + agent.socket), r.output());
        }
    }

    @Test
    void inProcessEveryExpectedRowArrivesWithItsLatency(@TempDir Path tmp) throws Exception {
        Programs.Result r = selftest(tmp, "health:\n  log_interval_seconds: 0\n", "--in-process");
        assertEveryRowSeen(r);
        assertTrue(r.output().contains("an agent in this process"), r.output());
    }

    @Test
    void aScratchDirTheFileCollectorSkipsMakesFourMissingRowsAndANonZeroExit(@TempDir Path tmp) throws Exception {
        String excluded = Path.of("target", "selftest-it").toAbsolutePath().toString();
        Programs.Result r = selftest(tmp, "collectors:\n  linux-fanotify:\n    exclude_paths: [/proc, /sys, '"
                + excluded + "']\n", "--in-process", "--timeout", "1500");
        assertEquals(1, r.exit(), r.output());
        String out = r.output();
        assertTrue(out.contains("2 of 6 expected rows seen"), out);
        for (String action : List.of("FileCreated", "FileModified", "FileRenamed", "FileDeleted")) {
            assertTrue(out.contains("MISSING DeviceFileEvents " + action), action + " named as missing: " + out);
        }
        assertFalse(out.contains("MISSING DeviceProcessEvents") || out.contains("MISSING DeviceNetworkEvents"), out);
        assertTrue(out.contains("collectors.linux-fanotify.exclude_paths has " + excluded), "says which setting: " + out);
    }
}
