package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.output.FsyncPolicy;
import dev.hookline.output.JsonLinesFile;
import dev.hookline.output.LineBlockFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector killed at every point of its sink's disk writes (before each write and force of the alert file, in
 * the middle of an alert write, before each write, force and compaction step of the dedup log), then restarted,
 * with the agent resending every batch it had no ack for: every alert is in the alert files exactly once. The
 * alert file rotates and the dedup log compacts during the run, so those paths are crossed too.
 */
class SinkCrashAtEveryWriteTest {
    private static final int BATCHES = 8;
    private static final int PER_BATCH = 3;
    private static final int SYNC_EVERY = 2; // a group commit of two batches

    @TempDir
    Path tmp;

    /** Stands in for SIGKILL: nothing after it runs, what was written before it stays (the page cache). */
    static final class Halt extends Error {
        Halt(String op) {
            super("halted before " + op);
        }
    }

    static final class Crash implements DedupWindow.CrashSeam {
        final int haltAt;
        int n;
        final List<String> ops = new ArrayList<>();

        Crash(int haltAt) {
            this.haltAt = haltAt;
        }

        boolean hit(String op) {
            ops.add(op);
            return ++n == haltAt;
        }

        @Override
        public void before(String op) {
            if (hit(op)) {
                throw new Halt(op);
            }
        }
    }

    /** The alert file with seams before its write and force, and one that leaves half a block (a torn write). */
    static final class CrashingFile implements LineBlockFile {
        final JsonLinesFile file;
        final Crash crash;

        CrashingFile(JsonLinesFile file, Crash crash) {
            this.file = file;
            this.crash = crash;
        }

        @Override
        public void writeLines(byte[] buf, int off, int len, int lines) throws IOException {
            crash.before("alerts.write");
            if (crash.hit("alerts.write.torn")) {
                Files.write(file.path(), Arrays.copyOfRange(buf, off, off + len / 2), StandardOpenOption.APPEND);
                throw new Halt("alerts.write.torn");
            }
            file.writeLines(buf, off, len, lines);
        }

        @Override
        public void flush() throws IOException {
            crash.before("alerts.force");
            file.flush();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    private static BatchLines batch(int b) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < PER_BATCH; j++) {
            sb.append("{\"AlertId\":\"a").append(b).append('-').append(j).append("\",\"Title\":\"x\"}\n");
        }
        return BatchLines.parse(sb.toString().getBytes(StandardCharsets.UTF_8), 1000);
    }

    private record Run(int acked, int points, List<String> ops) {
    }

    /** Sends batches from {@code from} on, syncing every two; returns the batches acknowledged before a halt. */
    private static Run send(Path dir, int from, Crash crash) throws IOException {
        JsonLinesFile jl = new JsonLinesFile("t", dir.resolve("alerts.jsonl"), 400, 50, FsyncPolicy.interval(1000));
        DedupWindow dedup = new DedupWindow(dir, 12, crash);
        int acked = from;
        try {
            // the start (its recovery syncs) is a crash point too
            AlertSink sink = new AlertSink(new CrashingFile(jl, crash), dir.resolve("alerts.jsonl"), List.of(), dedup);
            for (int b = from; b < BATCHES; b++) {
                sink.write(batch(b));
                if ((b + 1) % SYNC_EVERY == 0 || b == BATCHES - 1) {
                    sink.sync();
                    acked = b + 1;
                }
            }
            sink.close();
        } catch (Halt h) {
            dedup.abandonForCrashTest();
            jl.close();
        }
        return new Run(acked, crash.n, crash.ops);
    }

    private static Map<String, Integer> stored(Path dir) throws IOException {
        Map<String, Integer> count = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("alerts.jsonl")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String id = line.substring(line.indexOf(":\"") + 2, line.indexOf("\","));
                    count.merge(id, 1, Integer::sum);
                }
            }
        }
        return count;
    }

    @Test
    void aKillBetweenAnyTwoSinkWritesThenTheAgentsResendsLeaveEveryAlertStoredExactlyOnce() throws IOException {
        Run clean = send(Files.createDirectories(tmp.resolve("clean")), 0, new Crash(Integer.MAX_VALUE));
        assertTrue(clean.ops().contains("dedup.compact.move"), "the run compacts the dedup log: " + clean.ops());
        assertTrue(clean.points() > 30, "crash points: " + clean.points());
        for (int k = 1; k <= clean.points(); k++) {
            Path dir = Files.createDirectories(tmp.resolve("halt-" + k));
            Run crashed = send(dir, 0, new Crash(k));
            Run resent = send(dir, crashed.acked(), new Crash(Integer.MAX_VALUE));
            assertEquals(BATCHES, resent.acked());
            Map<String, Integer> counts = stored(dir);
            String where = "halted before " + clean.ops().get(k - 1) + " (write point " + k + ")";
            assertEquals(BATCHES * PER_BATCH, counts.size(), "lost alerts, " + where + ": " + counts);
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                assertEquals(1, e.getValue(), e.getKey() + " stored twice, " + where);
            }
        }
    }

    @Test
    void idsStartingWithTheCheckpointMarkSurviveARestart() throws IOException {
        try (DedupWindow d = new DedupWindow(tmp, 10)) {
            d.add("#@x 5");
            d.add("#plain");
            d.checkpoint("k", 42);
        }
        try (DedupWindow d = new DedupWindow(tmp, 10)) {
            assertTrue(d.contains("#@x 5"));
            assertTrue(d.contains("#plain"));
            assertEquals(new DedupWindow.Checkpoint("k", 42), d.lastCheckpoint());
            assertEquals(2, d.size());
        }
    }
}
