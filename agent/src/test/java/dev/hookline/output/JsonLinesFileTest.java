package dev.hookline.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileTest {
    @TempDir
    Path dir;

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    @Test
    void writesOneLinePerRecordAndCreatesTheDirectory() throws IOException {
        Path p = dir.resolve("sub/alerts.jsonl");
        try (JsonLinesFile f = new JsonLinesFile("file", p, 1 << 20, 5, FsyncPolicy.never())) {
            f.write("{\"a\":1}");
            f.write("{\"b\":\"é\"}\n"); // a trailing newline is not doubled
        }
        assertEquals("{\"a\":1}\n{\"b\":\"é\"}\n", Files.readString(p));
    }

    @Test
    void rotatesWhenTheNextLineWouldPassTheSizeAndKeepsN() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        // Each line is 10 bytes + newline = 11; 22 bytes hold exactly two lines.
        try (JsonLinesFile f = new JsonLinesFile("file", p, 22, 2, FsyncPolicy.never())) {
            for (int i = 0; i < 7; i++) {
                f.write("line-" + i + "____");
            }
            assertEquals(3, f.counters().get("rotations"));
        }
        assertEquals(List.of("line-6____"), lines(p));
        assertEquals(List.of("line-4____", "line-5____"), lines(dir.resolve("alerts.jsonl.1")));
        assertEquals(List.of("line-2____", "line-3____"), lines(dir.resolve("alerts.jsonl.2")));
        assertFalse(Files.exists(dir.resolve("alerts.jsonl.3")), "only keep=2 old files");
    }

    @Test
    void aFileExactlyAtTheLimitIsNotRotatedUntilTheNextLine() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        try (JsonLinesFile f = new JsonLinesFile("file", p, 22, 3, FsyncPolicy.never())) {
            f.write("0123456789");
            f.write("0123456789");
            assertEquals(22, Files.size(p));
            assertFalse(Files.exists(f.rotated(1)));
            f.write("x");
            assertEquals(List.of("0123456789", "0123456789"), lines(f.rotated(1)));
            assertEquals(List.of("x"), lines(p));
        }
    }

    @Test
    void aLineLongerThanTheLimitGetsAFileOfItsOwn() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        String big = "x".repeat(100);
        try (JsonLinesFile f = new JsonLinesFile("file", p, 20, 3, FsyncPolicy.never())) {
            f.write("a");
            f.write(big);
            f.write("b");
        }
        assertEquals(List.of("b"), lines(p));
        assertEquals(List.of(big), lines(dir.resolve("alerts.jsonl.1")));
        assertEquals(List.of("a"), lines(dir.resolve("alerts.jsonl.2")));
    }

    @Test
    void keepZeroDiscardsTheOldFile() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        try (JsonLinesFile f = new JsonLinesFile("file", p, 5, 0, FsyncPolicy.never())) {
            f.write("aaaa");
            f.write("bbbb");
        }
        assertEquals(List.of("bbbb"), lines(p));
        assertFalse(Files.exists(dir.resolve("alerts.jsonl.1")));
    }

    @Test
    void reopeningAppendsAndCountsTheExistingSizeTowardsRotation() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        try (JsonLinesFile f = new JsonLinesFile("file", p, 22, 3, FsyncPolicy.never())) {
            f.write("0123456789");
        }
        try (JsonLinesFile f = new JsonLinesFile("file", p, 22, 3, FsyncPolicy.never())) {
            f.write("abcdefghij");
            f.write("z");
        }
        assertEquals(List.of("0123456789", "abcdefghij"), lines(dir.resolve("alerts.jsonl.1")));
        assertEquals(List.of("z"), lines(p));
    }

    @Test
    void aPartialLastLineFromACrashIsTruncatedOnOpenAndReported() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        Files.writeString(p, "{\"a\":1}\n{\"b\":2}\n{\"c\":");
        try (JsonLinesFile f = new JsonLinesFile("file", p, 1 << 20, 5, FsyncPolicy.everyLine())) {
            assertEquals(5, f.truncatedBytesOnOpen());
            assertEquals(1, f.counters().get("partial_lines_truncated"));
            assertEquals("{\"a\":1}\n{\"b\":2}\n", Files.readString(p));
            f.write("{\"d\":4}");
        }
        assertEquals("{\"a\":1}\n{\"b\":2}\n{\"d\":4}\n", Files.readString(p));
    }

    @Test
    void aFileWithNoCompleteLineIsEmptiedOnOpen() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        Files.writeString(p, "x".repeat(20_000)); // longer than one backwards read block
        try (JsonLinesFile f = new JsonLinesFile("file", p, 1 << 20, 5, FsyncPolicy.never())) {
            assertEquals(20_000, f.truncatedBytesOnOpen());
        }
        assertEquals(0, Files.size(p));
    }

    @Test
    void aCompleteFileIsLeftAlone() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        Files.writeString(p, "{}\n");
        try (JsonLinesFile f = new JsonLinesFile("file", p, 1 << 20, 5, FsyncPolicy.never())) {
            assertEquals(0, f.truncatedBytesOnOpen());
        }
        assertEquals("{}\n", Files.readString(p));
    }

    @Test
    void aLineWithAnEmbeddedNewlineIsRefusedAndCounted() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        try (JsonLinesFile f = new JsonLinesFile("file", p, 1 << 20, 5, FsyncPolicy.never())) {
            f.write("{\"a\":\n1}");
            f.write("{}");
            assertEquals(1, f.counters().get("rejected_lines"));
            assertEquals(1, f.counters().get("lines_written"));
        }
        assertEquals("{}\n", Files.readString(p));
    }

    @Test
    void fsyncPolicies() throws Exception {
        try (JsonLinesFile f = new JsonLinesFile("a", dir.resolve("a.jsonl"), 1 << 20, 5, FsyncPolicy.everyLine())) {
            f.write("1");
            f.write("2");
            assertEquals(2, f.counters().get("fsyncs"));
        }
        try (JsonLinesFile f = new JsonLinesFile("b", dir.resolve("b.jsonl"), 1 << 20, 5, FsyncPolicy.never())) {
            f.write("1");
            f.flush();
            assertEquals(0, f.counters().get("fsyncs"));
        }
        try (JsonLinesFile f = new JsonLinesFile("c", dir.resolve("c.jsonl"), 1 << 20, 5,
                FsyncPolicy.interval(50))) {
            f.write("1");
            f.write("2");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (f.counters().get("fsyncs") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(f.counters().get("fsyncs") >= 1, "the interval timer syncs a dirty file without new writes");
            assertTrue(f.counters().get("fsyncs") <= 2);
        }
    }

    @Test
    void theIntervalTimerRunsOnlyAfterWritesSoAnIdleFileNeverWakesIt() throws Exception {
        try (JsonLinesFile f = new JsonLinesFile("t", dir.resolve("t.jsonl"), 1 << 20, 5, FsyncPolicy.interval(200))) {
            Thread.sleep(600);
            assertEquals(0, f.timerRuns(), "no writes, no timer");
            for (int round = 1; round <= 2; round++) {
                long before = f.counters().get("fsyncs");
                f.write("a" + round);
                f.write("b" + round); // within the interval of the first: left for the same timer run
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (f.counters().get("fsyncs") < before + 1 || f.timerRuns() < round) {
                    assertTrue(System.nanoTime() < deadline, "round " + round + ": the lines were never forced");
                    Thread.sleep(5);
                }
                long runs = f.timerRuns();
                long syncs = f.counters().get("fsyncs");
                Thread.sleep(600);
                assertEquals(runs, f.timerRuns(), "round " + round + ": idle again, the timer is not re-armed");
                assertEquals(syncs, f.counters().get("fsyncs"));
            }
        }
    }

    @Test
    @Timeout(60) // a hang guard: where a write does wait for the stalled fsync, it fails instead of hanging
    void aWriteNeverWaitsForTheIntervalFsyncAndALineWrittenDuringItIsSyncedByTheNextRun() throws Exception {
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JsonLinesFile.Opener slowDisk = p -> new StallingForce(FileChannel.open(p, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND), forcing, release);
        try (JsonLinesFile f = new JsonLinesFile("s", dir.resolve("s.jsonl"), 1 << 20, 5, FsyncPolicy.interval(20),
                slowDisk)) {
            try {
                f.write("1");
                assertTrue(forcing.await(10, TimeUnit.SECONDS), "the timer forces the first line");
                // The timer is inside fsync now. The old code held the file's lock there, so this write (the audit
                // reader's alert) waited for the disk: it could not return while the fsync is stalled.
                CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
                    try {
                        f.write("2");
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                second.get(10, TimeUnit.SECONDS);
                assertEquals(0, f.counters().get("fsyncs"), "the first fsync is still stalled");
            } finally {
                release.countDown(); // a failed check must not leave close() waiting on the stalled timer
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (f.counters().get("fsyncs") < 2) {
                assertTrue(System.nanoTime() < deadline, "the line written during the fsync was never forced");
                Thread.sleep(5);
            }
        }
        assertEquals(List.of("1", "2"), lines(dir.resolve("s.jsonl")));
    }

    /** A file channel whose force() stalls until released (a slow disk), delegating everything else. */
    private static final class StallingForce extends FileChannel {
        private final FileChannel d;
        private final CountDownLatch forcing;
        private final CountDownLatch release;

        StallingForce(FileChannel d, CountDownLatch forcing, CountDownLatch release) {
            this.d = d;
            this.forcing = forcing;
            this.release = release;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forcing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            d.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return d.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return d.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return d.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            d.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            d.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return d.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return d.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return d.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return d.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return d.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return d.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            d.close();
        }
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        JsonLinesFile f = new JsonLinesFile("file", dir.resolve("a.jsonl"), 100, 1, FsyncPolicy.never());
        f.close();
        assertThrows(IOException.class, () -> f.write("x"));
    }

    @Test
    void aBlockOfLinesIsAppendedWholeAndTheFileRotatesBeforeItNotInside() throws IOException {
        Path p = dir.resolve("alerts.jsonl");
        byte[] block = "{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8); // 16 bytes, 2 lines
        try (JsonLinesFile f = new JsonLinesFile("file", p, 40, 1, FsyncPolicy.never())) {
            f.writeLines(block, 0, block.length, 2);
            f.writeLines(block, 0, block.length, 2);
            f.writeLines(block, 8, 8, 1); // 40 bytes: fits exactly
            f.writeLines(block, 0, block.length, 2); // would pass 40: rotates first
            assertEquals(7, f.counters().get("lines_written"));
            assertEquals(1, f.counters().get("rotations"));
            assertThrows(IllegalArgumentException.class, () -> f.writeLines(block, 0, 7, 1), "not a whole line");
        }
        assertEquals("{\"a\":1}\n{\"b\":2}\n{\"a\":1}\n{\"b\":2}\n{\"b\":2}\n", Files.readString(f(p, 1)));
        assertEquals("{\"a\":1}\n{\"b\":2}\n", Files.readString(p));
    }

    private static Path f(Path p, int n) {
        return p.resolveSibling(p.getFileName() + "." + n);
    }
}
