package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigLoader;
import dev.hookline.schema.Times;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentReportsItsBlindWindowAfterAKillTest {
    static AgentConfig config(Path dir) throws Exception {
        return ConfigLoader.parse("alerts:\n  file:\n    path: " + dir.resolve("alerts.jsonl") + "\n    fsync: every_line\n"
                + "control:\n  socket: " + dir.resolve("ctl/control.sock") + "\nhealth:\n  log_interval_seconds: 0\n"
                + "store:\n  enabled: false\n", "test");
    }

    private static List<String> blindWindows(Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        return Files.exists(alerts) ? Files.readAllLines(alerts).stream()
                .filter(l -> l.contains("\"Kind\":\"" + Agent.BLIND_WINDOW + "\"")).toList() : List.of();
    }

    private static Agent start(Path dir) throws Exception {
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        try {
            return Agent.start(config(dir), new PrintStream(new ByteArrayOutputStream(), true));
        } finally {
            System.clearProperty(ReplayCollectorProvider.ENABLE);
        }
    }

    @Test
    void aRestartAfterKillNineReportsTheWindowAndACleanStopReportsNothing(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                BlindWindowChild.class.getName(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        Path hb = dir.resolve(Heartbeat.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !(Files.exists(hb) && Files.readString(hb).startsWith("running"))) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(hb) && Files.readString(hb).startsWith("running"),
                "the child agent never beat: " + Files.readString(dir.resolve("child.log")));
        Thread.sleep(1500); // a beat or two more
        long lastBeat = Heartbeat.previous(hb).lastBeatNanos();
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        Thread.sleep(300);
        // the heartbeat is rewritten in place: one fixed-size line, never a torn or grown file
        assertEquals(Heartbeat.SIZE, Files.size(hb));
        assertEquals(0, blindWindows(dir).size());

        long beforeRestart = Times.nowNanos();
        try (Agent agent = start(dir)) {
            List<String> w = blindWindows(dir);
            assertEquals(1, w.size(), w.toString());
            assertTrue(w.get(0).contains("\"AlertType\":\"AgentHealth\"") && w.get(0).contains("did not stop cleanly"),
                    w.get(0));
            var alert = new com.fasterxml.jackson.databind.ObjectMapper().readTree(w.get(0));
            long start = Times.parse(alert.get("WindowStart").asText());
            long end = Times.parse(alert.get("WindowEnd").asText());
            // the window starts at the child's last beat (the one read above or a later one) and ends at this start
            assertTrue(start >= lastBeat && start < beforeRestart, w.get(0));
            assertTrue(end > start && end <= Times.nowNanos(), w.get(0));
        }
        assertTrue(Files.readString(hb).startsWith("clean"), Files.readString(hb));
        try (Agent agent = start(dir)) {
            assertEquals(1, blindWindows(dir).size(), "a clean stop must not be reported as a blind window");
        }
    }
}
