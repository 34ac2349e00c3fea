package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.cli.CliCommandsTest.Result;
import dev.hookline.schema.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `--events FILE` as query and detect read it: streamed, and robust to what real files hold. */
class EventsFileInputTest {
    @TempDir
    static Path dir;
    /** The seed cases: 39 events (21 processes), 30 alerts at the fixture's now. */
    static byte[] seed;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = EventsFileInputTest.class.getResourceAsStream("/fixtures/seed-cases.jsonl")) {
            seed = in.readAllBytes();
        }
    }

    private static Result run(String... args) {
        return CliCommandsTest.run(args);
    }

    private static Path write(String name, byte[] data) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    private static Result detect(Path f) {
        return run("detect", "--events", f.toString(), "--now", "2026-11-20T12:00:00Z");
    }

    private static Result countProcesses(String file) {
        return run("query", "DeviceProcessEvents | count", "--events", file, "--format", "json");
    }

    @Test
    void anInvalidUtf8ByteCostsNoAlertAndIsReportedWithItsLine() throws Exception {
        // before: "cannot read F: Input length = 1" and no alert at all
        String text = new String(seed, StandardCharsets.UTF_8);
        int at = text.indexOf("runner-07.build.example", text.indexOf('\n', text.indexOf('\n') + 1));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(seed, 0, at);
        b.write(0xFF);
        b.write(seed, at, seed.length - at);
        Path f = write("bad-utf8.jsonl", b.toByteArray());
        Result r = detect(f);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("39 events, 30 alerts"), r.err());
        assertTrue(r.err().contains("1 line with invalid UTF-8 read as U+FFFD in " + f + ":"), r.err());
        assertTrue(r.err().contains(f + ":3: invalid UTF-8 at byte"), r.err());
        Result q = run("query", "DeviceProcessEvents | where DeviceName startswith '\uFFFD' | count", "--events",
                f.toString(), "--format", "json");
        assertEquals("{\"Count\":1}", q.out().trim(), q.err());
    }

    @Test
    void aByteOrderMarkLosesNoLineAndCrlfLineEndsAreRead() throws Exception {
        // before: the first line (a process) was skipped as not JSON
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.writeBytes(new String(seed, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        Path f = write("bom-crlf.jsonl", b.toByteArray());
        Result q = countProcesses(f.toString());
        assertEquals("{\"Count\":21}", q.out().trim(), q.err());
        assertEquals("", q.err());
        Result d = detect(f);
        assertTrue(d.err().contains("39 events, 30 alerts"), d.err());
    }

    @Test
    void aLineOver16MiBIsSkippedAndCounted() throws Exception {
        // before: read whole into memory and counted as a process
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(seed);
        b.writeBytes("{\"Type\":\"DeviceProcessEvents\",\"ProcessCommandLine\":\"".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[17 << 20];
        Arrays.fill(big, (byte) 'a');
        b.writeBytes(big);
        b.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(seed);
        Path f = write("long-line.jsonl", b.toByteArray());
        Result q = countProcesses(f.toString());
        assertEquals(0, q.code(), q.err());
        assertEquals("{\"Count\":42}", q.out().trim(), q.err());
        assertTrue(q.err().contains("1 line skipped in " + f + ":"), q.err());
        assertTrue(q.err().contains(f + ":40: longer than 16 MiB"), q.err());
    }

    @Test
    @Timeout(120)
    void devZeroEndsWithAClearErrorAndNoStackTrace() {
        // before: OutOfMemoryError and its stack trace
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero on this OS");
        for (String cmd : new String[] {"query", "detect"}) {
            Result r = cmd.equals("query") ? countProcesses("/dev/zero") : run("detect", "--events", "/dev/zero");
            assertEquals(1, r.code(), cmd + ": " + r.err());
            assertTrue(r.err().contains("hookline: --events: /dev/zero: line 1: over 16 MiB with no line end, "
                    + "holding NUL bytes: binary data, not JSON lines; stopped reading"), r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Error"), r.err());
        }
    }

    @Test
    void binaryDataAfterGoodLinesKeepsWhatWasReadAndSaysWhereItStopped() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(seed);
        b.writeBytes(new byte[17 << 20]);
        Path f = write("zero-tail.jsonl", b.toByteArray());
        Result q = countProcesses(f.toString());
        assertEquals(0, q.code(), q.err());
        assertEquals("{\"Count\":21}", q.out().trim(), q.err());
        assertTrue(q.err().contains("warning: " + f + ": line 40: over 16 MiB with no line end, holding NUL bytes"),
                q.err());
        assertTrue(q.err().contains("(39 events read before it)"), q.err());
    }

    @Test
    void utf16IsAClearError() throws Exception {
        Path f = write("utf16.jsonl", ("\uFEFF" + new String(seed, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_16LE));
        Result r = detect(f);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("UTF-16 text"), r.err());
    }

    @Test
    void stdinIsReadOnceAndSpooledOnlyWhenTheQueryScansTwice() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(seed));
            Result once = countProcesses("-");
            assertEquals("{\"Count\":21}", once.out().trim(), once.err());
            System.setIn(new ByteArrayInputStream(seed));
            Result twice = run("query", "union DeviceProcessEvents, DeviceFileEvents | count", "--events", "-",
                    "--format", "json");
            Result fromFile = run("query", "union DeviceProcessEvents, DeviceFileEvents | count", "--events",
                    write("seed.jsonl", seed).toString(), "--format", "json");
            assertEquals(fromFile.out(), twice.out(), twice.err());
            assertFalse(twice.out().contains("\"Count\":21}"), "both tables are counted: " + twice.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void theSpoolOfAStreamIsDeletedOnCloseAndAnUnspooledStreamIsNotReadTwice() throws Exception {
        InputStream saved = System.in;
        PrintWriter err = new PrintWriter(new StringWriter());
        try {
            System.setIn(new ByteArrayInputStream(seed));
            long[] n = {0};
            Path spool;
            try (EventFileSource s = new EventFileSource("-", 2, err)) {
                s.scan(Table.DeviceProcessEvents, e -> n[0]++);
                s.scan(Table.DeviceFileEvents, e -> n[0]++);
                spool = s.spoolFile();
                assertTrue(Files.exists(spool));
            }
            assertFalse(Files.exists(spool), "spool deleted");
            assertEquals(39 - countOf("DeviceNetworkEvents"), n[0]);

            System.setIn(new ByteArrayInputStream(seed));
            try (EventFileSource s = new EventFileSource("-", 1, err)) {
                s.scan(Table.DeviceProcessEvents, e -> { });
                assertNull(s.spoolFile());
                UserException ex = assertThrows(UserException.class, () -> s.scan(Table.DeviceFileEvents, e -> { }));
                assertTrue(ex.getMessage().contains("can be read only once"), ex.getMessage());
            }
        } finally {
            System.setIn(saved);
        }
    }

    private static long countOf(String table) {
        return new String(seed, StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"" + table + "\"")).count();
    }

    @Test
    void aRegularFileIsReadAgainByEveryScanNotHeld() throws Exception {
        // The file changes between the two scans: a source holding the first read would not see it.
        Path f = write("reread.jsonl", seed);
        PrintWriter err = new PrintWriter(new StringWriter());
        long[] n = {0};
        try (EventFileSource s = new EventFileSource(f.toString(), 2, err)) {
            s.scan(Table.DeviceProcessEvents, e -> n[0]++);
            assertEquals(21, n[0]);
            try (OutputStream out = Files.newOutputStream(f, java.nio.file.StandardOpenOption.APPEND)) {
                out.write(seed, 0, new String(seed, StandardCharsets.UTF_8).indexOf('\n') + 1);
            }
            s.scan(Table.DeviceProcessEvents, e -> n[0]++);
            assertEquals(21 + 22, n[0]);
            assertNull(s.spoolFile());
        }
    }
}
