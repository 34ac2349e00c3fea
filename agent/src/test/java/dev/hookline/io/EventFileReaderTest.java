package dev.hookline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventFileReaderTest {
    private static String row(long id, String fileName) {
        return "{\"Type\":\"DeviceProcessEvents\",\"ReportId\":" + id + ",\"FileName\":\"" + fileName + "\"}";
    }

    private static List<Event> read(EventFileReader r, byte[] data) throws IOException {
        List<Event> out = new ArrayList<>();
        r.read(new ByteArrayInputStream(data), e -> out.add(e.copy()));
        return out;
    }

    @Test
    void parallelParsersHandEventsAndProblemsOverInFileOrder() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            sb.append(i % 1000 == 0 ? "{broken" : row(i, "f" + i)).append('\n');
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int parsers : new int[] {1, 3}) {
            EventFileReader r = new EventFileReader("t", LineChunker.DEFAULT_MAX_LINE, 300, parsers);
            List<Event> es = read(r, data);
            assertEquals(4995, es.size());
            long prev = 0;
            for (Event e : es) {
                long id = e.getLong(Columns.REPORT_ID);
                assertTrue(id > prev, "out of order at " + id + " with " + parsers + " parsers");
                assertEquals("f" + id, e.getString(Columns.FILE_NAME));
                prev = id;
            }
            assertEquals(5, r.skipped().count());
            String report = r.skipped().report();
            assertTrue(report.indexOf("t:1000:") < report.indexOf("t:2000:")
                    && report.indexOf("t:4000:") < report.indexOf("t:5000:"), report);
        }
    }

    @Test
    void anInvalidUtf8ByteIsReadAsAReplacementCharacterAndReportedWithItsLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((row(1, "ok") + "\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes("{\"Type\":\"DeviceProcessEvents\",\"ReportId\":2,\"FileName\":\"ba".getBytes(StandardCharsets.UTF_8));
        b.write(0xC3); // a lead byte without its continuation
        b.writeBytes("d.exe\"}\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes((row(3, "caf\u00e9") + "\n").getBytes(StandardCharsets.UTF_8));
        EventFileReader r = new EventFileReader("f.jsonl", 1 << 20, 64, 2);
        List<Event> es = read(r, b.toByteArray());
        assertEquals(3, es.size());
        assertEquals("ba\uFFFDd.exe", es.get(1).getString(Columns.FILE_NAME));
        assertEquals("caf\u00e9", es.get(2).getString(Columns.FILE_NAME), "valid UTF-8 is not a problem");
        assertEquals(1, r.repaired().count());
        assertEquals(0, r.skipped().count());
        assertEquals("1 line with invalid UTF-8 read as U+FFFD in f.jsonl:" + System.lineSeparator()
                + "  f.jsonl:2: invalid UTF-8 at byte 58, read as U+FFFD", r.repaired().report());
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsLoseNoLine() throws IOException {
        byte[] data = ("\uFEFF" + row(1, "a") + "\r\n" + row(2, "b") + "\r\n").getBytes(StandardCharsets.UTF_8);
        EventFileReader r = new EventFileReader("t", 1 << 20, 64, 1);
        List<Event> es = read(r, data);
        assertEquals(2, es.size());
        assertEquals("a", es.get(0).getString(Columns.FILE_NAME));
        assertEquals(List.of(), r.reports());
    }

    @Test
    void aLineOverTheBoundIsSkippedAndCounted() throws IOException {
        String big = row(2, "x".repeat(5000));
        byte[] data = (row(1, "a") + "\n" + big + "\n" + row(3, "c") + "\n").getBytes(StandardCharsets.UTF_8);
        EventFileReader r = new EventFileReader("t", 1024, 64, 2);
        List<Event> es = read(r, data);
        assertEquals(2, es.size());
        assertEquals("1 line skipped in t:" + System.lineSeparator() + "  t:2: longer than 1024 bytes",
                r.skipped().report());
    }

    @Test
    @Timeout(60)
    void endlessZerosStopWithAMessageAndNoEvents() throws IOException {
        InputStream zeros = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        EventFileReader r = new EventFileReader("/dev/zero");
        assertEquals(0, r.read(zeros, e -> { }));
        assertTrue(r.stopped().startsWith("/dev/zero: line 1: over 16 MiB with no line end, holding NUL bytes"),
                r.stopped());
    }

    @Test
    void anExceptionFromTheConsumerEndsTheReadingAndIsThrown() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            sb.append(row(i, "f")).append('\n');
        }
        EventFileReader r = new EventFileReader("t", 1 << 20, 128, 3);
        int[] seen = {0};
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> r.read(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), e -> {
                    if (++seen[0] == 100) {
                        throw new IllegalStateException("enough");
                    }
                }));
        assertEquals("enough", ex.getMessage());
        assertEquals(100, seen[0]);
        assertNull(r.stopped());
    }

    @Test
    void aReadErrorReachesTheCaller() {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 1000) {
                    throw new IOException("disk on fire");
                }
                return n % 50 == 0 ? '\n' : ' ';
            }
        };
        for (int parsers : new int[] {1, 2}) {
            EventFileReader r = new EventFileReader("t", 1 << 20, 64, parsers);
            IOException ex = assertThrows(IOException.class, () -> r.read(failing, e -> { }));
            assertEquals("disk on fire", ex.getMessage());
        }
    }
}
