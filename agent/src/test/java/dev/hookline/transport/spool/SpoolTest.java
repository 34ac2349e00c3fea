package dev.hookline.transport.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.output.FsyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static Spool.Config small() {
        return new Spool.Config(8192, 2048, FsyncPolicy.never());
    }

    private static byte[] rec(int i) {
        return ("{\"AlertId\":\"a" + i + "\",\"pad\":\"" + "x".repeat(50) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(Spool.Batch b) {
        List<String> out = new ArrayList<>();
        for (byte[] r : b.records()) {
            out.add(new String(r, StandardCharsets.UTF_8));
        }
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
        }
    }

    @Test
    void unackedRecordsSurviveACrashAndATornTailIsTruncatedAndCounted() throws IOException {
        Spool s = new Spool(dir, new Spool.Config(1 << 20, 64 << 10, FsyncPolicy.everyLine()));
        for (int i = 0; i < 10; i++) {
            s.append(rec(i));
        }
        s.ack(4); // records 0..3 delivered
        s.abandonForCrashTest(); // "kill -9": no close, no flush
        // The crash hit mid-append: half a record header and a few payload bytes at the end of the last segment.
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        long goodLen = Files.size(last);
        Files.write(last, new byte[] {0, 0, 0, 60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, '{', '"'},
                StandardOpenOption.APPEND);

        try (Spool r = new Spool(dir, new Spool.Config(1 << 20, 64 << 10, FsyncPolicy.everyLine()))) {
            assertEquals(1, r.tornRecords());
            assertEquals(goodLen, Files.size(last));
            assertEquals(4, r.ackedSeq());
            assertEquals(6, r.depth());
            Spool.Batch b = r.read(r.ackedSeq(), 100, 1 << 20);
            assertEquals(4, b.firstSeq());
            assertEquals(10, b.nextSeq());
            assertArrayEquals(rec(4), b.records().get(0));
            assertArrayEquals(rec(9), b.records().get(5));
            // Appending after recovery continues the sequence and the file stays readable.
            assertEquals(10, r.append(rec(10)));
            assertEquals(List.of(new String(rec(10), StandardCharsets.UTF_8)), strings(r.read(10, 10, 1 << 20)));
        }
    }

    @Test
    void aCorruptRecordInTheMiddleIsCutThereNotSkippedOver() throws IOException {
        Spool s = new Spool(dir, small());
        for (int i = 0; i < 5; i++) {
            s.append(rec(i));
        }
        s.close();
        Path seg = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        int recLen = Spool.HEADER + rec(0).length;
        bytes[2 * recLen + Spool.HEADER + 3] ^= 0x20; // flip a payload bit of record 2
        Files.write(seg, bytes);
        try (Spool r = new Spool(dir, small())) {
            assertEquals(1, r.tornRecords());
            assertEquals(2, r.depth());
            assertEquals(2, r.read(0, 100, 1 << 20).records().size());
        }
    }

    @Test
    void aFullSpoolEvictsOldestSegmentsAndCountsTheUnsentRecords() throws IOException {
        try (Spool s = new Spool(dir, small())) {
            int n = 400; // ~30 KB into an 8 KB spool
            for (int i = 0; i < n; i++) {
                s.append(rec(i));
                assertTrue(s.totalBytes() <= 8192, "bounded: " + s.totalBytes());
            }
            long evicted = s.counters().get("spool_evicted_records");
            assertTrue(evicted > 0);
            assertEquals(n, s.depth() + evicted, "every record is either held or counted as evicted");
            Spool.Batch b = s.read(0, 1000, 1 << 20);
            assertEquals(s.ackedSeq(), b.firstSeq(), "reading an evicted position starts at the oldest held record");
            assertEquals(n, b.nextSeq());
            assertArrayEquals(rec(n - 1), b.records().get(b.records().size() - 1));
            assertTrue(segmentFiles().size() <= 4);
        }
    }

    @Test
    void ackAdvancesPersistsAndDeletesFullyAckedSegments() throws IOException {
        try (Spool s = new Spool(dir, small())) {
            for (int i = 0; i < 60; i++) {
                s.append(rec(i));
            }
            assertTrue(segmentFiles().size() >= 3);
            Spool.Batch b = s.read(0, 25, 1 << 20);
            assertEquals(25, b.records().size());
            s.ack(b.nextSeq());
            assertEquals(35, s.depth());
            assertTrue(segmentFiles().size() < 3 || Files.exists(dir.resolve("ack")));
            s.ack(60);
            assertEquals(0, s.depth());
            assertEquals(1, segmentFiles().size(), "only the segment being appended to is kept");
            assertEquals(0, s.oldestUnackedMillis());
        }
        try (Spool r = new Spool(dir, small())) {
            assertEquals(60, r.ackedSeq());
            assertTrue(r.read(r.ackedSeq(), 10, 1 << 20).isEmpty());
            assertEquals(60, r.append(rec(60)));
        }
    }

    @Test
    void readsRespectTheByteBudgetButAlwaysReturnAtLeastOneRecord() throws IOException {
        try (Spool s = new Spool(dir, small())) {
            for (int i = 0; i < 10; i++) {
                s.append(rec(i));
            }
            assertEquals(1, s.read(0, 100, 1).records().size());
            int len = rec(0).length;
            assertEquals(3, s.read(0, 100, 3L * len).records().size());
            assertEquals(2, s.read(8, 100, 1 << 20).records().size());
            assertTrue(s.oldestUnackedMillis() > 0);
        }
    }

    @Test
    void aSecondOpenOfALiveSpoolIsRefused() throws IOException {
        try (Spool s = new Spool(dir, small())) {
            assertThrows(IOException.class, () -> new Spool(dir, small()));
        }
    }

    @Test
    void anOversizedRecordIsRefusedAndCounted() throws IOException {
        try (Spool s = new Spool(dir, small())) {
            assertEquals(-1, s.append(new byte[5000]));
            assertEquals(1, s.counters().get("spool_rejected_records"));
            assertEquals(0, s.depth());
        }
    }
}
