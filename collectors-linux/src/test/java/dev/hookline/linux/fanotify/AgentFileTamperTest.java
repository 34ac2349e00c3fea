package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.collector.CollectorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the real kernel: shells modify, replace, rename and delete the agent's protected files (a stand-in install
 * under target/) and each raises AgentFileTampered naming the path, the action and the shell; the agent's own
 * writes and other files raise nothing.
 */
class AgentFileTamperTest {
    private static TestContext ctx;
    private static FanotifyCollector collector;
    private static Path home;

    @BeforeAll
    static void start() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "fanotify-tamper").toAbsolutePath());
        home = Files.createTempDirectory(base, "install");
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("lib/hookline-agent.jar"), "jar");
        Files.writeString(home.resolve("lib/jna.jar"), "jar");
        Files.writeString(home.resolve("hookline.yaml"), "ring: {}\n");
        Files.writeString(home.resolve("hookline"), "#!/bin/sh\n");
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("plugins"));
        Files.writeString(home.resolve("plugins/extra.jar"), "jar");
        ctx = new TestContext(Map.of("quiet_period_ms", 300), List.of(
                home.resolve("lib") + "/*", home.resolve("hookline.yaml").toString(), home.resolve("hookline").toString(),
                home.resolve("etc/absent.yaml").toString(), home.resolve("plugins/extra.jar").toString()));
        collector = new FanotifyCollector(ctx);
        try {
            collector.start();
        } catch (CollectorException e) {
            Assumptions.assumeTrue(false, "fanotify unavailable on this OS: " + e.getMessage());
        }
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    static String awaitAlert(String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (ctx.alerts) {
                for (String a : ctx.alerts) {
                    if (a.startsWith("AgentFileTampered: ") && List.of(parts).stream().allMatch(a::contains)) {
                        return a;
                    }
                }
            }
            Thread.sleep(20);
        }
        synchronized (ctx.alerts) {
            throw new AssertionError("no AgentFileTampered alert with " + List.of(parts) + "; alerts: " + ctx.alerts);
        }
    }

    @Test
    void configAppendedByAShellIsAlertedOnceWithTheShell() throws Exception {
        // Builtins only, and a pause so the shell is still there to be described from /proc.
        long pid = Shell.run(home, "echo 'rules: {}' >> hookline.yaml; echo more >> hookline.yaml; sleep 1");
        String a = awaitAlert(home.resolve("hookline.yaml") + " modified by pid " + pid + " (");
        assertTrue(a.contains("/bin/") || a.contains("sh"), a);
        Thread.sleep(300);
        synchronized (ctx.alerts) {
            assertEquals(1, ctx.alerts.stream().filter(x -> x.contains("hookline.yaml modified by pid " + pid)).count(),
                    "a write burst is one alert: " + ctx.alerts);
        }
    }

    @Test
    void jarReplacedByRenameAndJarMovedAwayAreAlerted() throws Exception {
        Files.writeString(home.resolve("evil.jar"), "evil");
        long pid = Shell.run(home, "exec mv evil.jar lib/hookline-agent.jar");
        awaitAlert(home.resolve("lib/hookline-agent.jar") + " replaced by renaming " + home.resolve("evil.jar"),
                "by pid " + pid + " ");
        long pid2 = Shell.run(home, "exec mv lib/jna.jar jna.jar.bak");
        awaitAlert(home.resolve("lib/jna.jar") + " renamed to " + home.resolve("jna.jar.bak"), "by pid " + pid2 + " ");
    }

    @Test
    void launcherDeletedAndAbsentConfigCreatedAreAlerted() throws Exception {
        long pid = Shell.run(home, "exec rm hookline");
        awaitAlert(home.resolve("hookline") + " deleted by pid " + pid + " ");
        long pid2 = Shell.run(home, "echo 'x: 1' > etc/absent.yaml");
        awaitAlert(home.resolve("etc/absent.yaml") + " created by pid " + pid2 + " ");
    }

    @Test
    void directoryAboveAProtectedFileRenamedIsAlerted() throws Exception {
        long pid = Shell.run(home, "exec mv plugins plugins.old");
        awaitAlert(home.resolve("plugins") + " renamed to " + home.resolve("plugins.old"), "by pid " + pid + " ");
    }

    @Test
    void theAgentsOwnWritesAndOtherFilesRaiseNothing() throws Exception {
        long before = quietTamperCount();
        Files.writeString(home.resolve("hookline.yaml"), "by the agent itself\n"); // this JVM is the agent
        Shell.run(home, "echo x > unrelated.txt; echo y > lib.txt");
        Thread.sleep(800);
        assertEquals(before, collector.counters().get("tamperEvents"), ctx.alerts.toString());
    }

    /**
     * The tamper count once no event of an earlier test is still coming in (the write of a file another test
     * created can arrive after that test's awaited alert, as its own event or merged into the create).
     */
    private static long quietTamperCount() throws InterruptedException {
        long n = collector.counters().get("tamperEvents");
        for (int i = 0; i < 50; i++) {
            Thread.sleep(200);
            long m = collector.counters().get("tamperEvents");
            if (m == n) {
                return m;
            }
            n = m;
        }
        return n;
    }
}
