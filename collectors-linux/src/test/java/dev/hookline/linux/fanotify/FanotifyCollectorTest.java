package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.CollectorException;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector on the real kernel: shells create, modify, rename and delete files in a scratch repository under
 * target/ (on the root filesystem, which the collector marks) and the rows must say what happened and who did it.
 */
class FanotifyCollectorTest {
    private static TestContext ctx;
    private static FanotifyCollector collector;
    private static Path base;
    private Path repo;
    private static String shImage;

    @BeforeAll
    static void start() throws Exception {
        base = Files.createDirectories(Path.of("target", "fanotify-it").toAbsolutePath());
        shImage = Path.of("/bin/sh").toRealPath().toString();
        ctx = new TestContext(Map.of("quiet_period_ms", 300,
                "exclude_paths", List.of("/proc", "/sys", base.resolve("excluded").toString())));
        collector = new FanotifyCollector(ctx);
        try {
            collector.start();
        } catch (CollectorException e) {
            Assumptions.assumeTrue(false, "fanotify unavailable on this OS: " + e.getMessage());
        }
        assertEquals(FanotifyCollector.MODE_RENAME, collector.mode(), "this kernel (6.x) offers FAN_RENAME");
        String mountOfBase = Files.getFileStore(base).toString();
        assertTrue(collector.markedMounts().stream().anyMatch(m -> mountOfBase.startsWith(m + " ")),
                "the scratch dir's filesystem is marked: " + mountOfBase + " in " + collector.markedMounts());
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @BeforeEach
    void scratch() throws Exception {
        repo = Files.createTempDirectory(base, "repo");
    }

    private Predicate<Event> row(String action, String pathSuffix) {
        String full = repo.resolve(pathSuffix).toString();
        return e -> action.equals(e.getString(Columns.ACTION_TYPE)) && full.equals(e.getString(Columns.FOLDER_PATH));
    }

    @Test
    void workflowFileCreatedByShellNamesTheShellFromTheProcessTable() throws Exception {
        Process sh = Shell.start(repo, "read go; mkdir -p .github/workflows; printf 'on: push\\n' > .github/workflows/ci.yml");
        ctx.table.put(new ProcessInfo(sh.pid(), ProcessHandle.current().pid(), Times.nowNanos(), shImage,
                "/bin/sh -c ...", 0, new Account("root", "testhost", "0")));
        try (OutputStream in = sh.getOutputStream()) {
            in.write("go\n".getBytes());
        }
        assertTrue(sh.waitFor(10, TimeUnit.SECONDS) && sh.exitValue() == 0);
        Event e = ctx.await(row("FileCreated", ".github/workflows/ci.yml"));
        assertEquals(Table.DeviceFileEvents, e.table());
        assertEquals("ci.yml", e.getString(Columns.FILE_NAME));
        assertTrue(e.getString(Columns.FOLDER_PATH).endsWith(".github/workflows/ci.yml"));
        assertEquals(Path.of(shImage).getFileName().toString(), e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals(sh.pid(), e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals("root", e.getString(Columns.INITIATING_PROCESS_ACCOUNT_NAME));
        assertEquals(9L, e.getLong(Columns.FILE_SIZE), "size after the write burst: 'on: push\\n'");
        assertEquals("testhost", e.getString(Columns.DEVICE_NAME));
        Thread.sleep(600);
        assertEquals(1, ctx.matching(row("FileCreated", ".github/workflows/ci.yml")).size());
        assertEquals(0, ctx.matching(row("FileModified", ".github/workflows/ci.yml")).size(),
                "creation and its writes are one row");
    }

    @Test
    void aWriterStillShowingItsForkParentGetsTheImageItsLateExecRecordBrings() throws Exception {
        // The proc connector put the fork child in the table as a copy of its parent (java); the audit record of
        // its exec of /bin/sh arrives only after the shell wrote and exited. The row must name the shell.
        Files.writeString(repo.resolve("Makefile"), "all:\n");
        Process sh = Shell.start(repo, "read go; echo x >> Makefile");
        Account root = new Account("root", "testhost", "0");
        long forked = Times.nowNanos();
        ctx.table.put(new ProcessInfo(sh.pid(), ProcessHandle.current().pid(), forked, "/usr/bin/java",
                "java -jar surefirebooter.jar", 0, root));
        long exec = Times.nowNanos();
        try (OutputStream in = sh.getOutputStream()) {
            in.write("go\n".getBytes());
        }
        assertTrue(sh.waitFor(10, TimeUnit.SECONDS) && sh.exitValue() == 0);
        ctx.table.put(new ProcessInfo(sh.pid(), ProcessHandle.current().pid(), exec, shImage,
                "/bin/sh -c \"read go; echo x >> Makefile\"", 0, root));
        Event e = ctx.await(row("FileModified", "Makefile"));
        assertEquals(Path.of(shImage).getFileName().toString(), e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals(sh.pid(), e.getLong(Columns.INITIATING_PROCESS_ID));
        assertTrue(collector.counters().get("initiatorWaits") > 0);
    }

    @Test
    void aFileRunAtOnceHasItsHeldWriteRowPublishedBeforeTheExec() throws Exception {
        // The writer is a young image, so its row is held; the audit collector's call for the exec of that file
        // must publish it there and then (on the caller's thread), and a call for another path must not.
        collector.holdNanos(60_000_000_000L);
        try {
            Process sh = Shell.start(repo, "read go; printf '#!/bin/sh\\n' > tool");
            ctx.table.put(new ProcessInfo(sh.pid(), ProcessHandle.current().pid(), Times.nowNanos(), shImage,
                    "/bin/sh -c ...", 0, new Account("root", "testhost", "0")));
            long waits = collector.counters().get("initiatorWaits");
            try (OutputStream in = sh.getOutputStream()) {
                in.write("go\n".getBytes());
            }
            assertTrue(sh.waitFor(10, TimeUnit.SECONDS) && sh.exitValue() == 0);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (collector.counters().get("initiatorWaits") == waits && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(collector.counters().get("initiatorWaits") > waits, "the row was held");
            assertEquals(0, ctx.matching(row("FileCreated", "tool")).size());

            ctx.writeBeforeExec.beforeExec(repo.resolve("other").toString());
            assertEquals(0, ctx.matching(row("FileCreated", "tool")).size(), "an exec of another file releases nothing");

            ctx.writeBeforeExec.beforeExec(repo.resolve("tool").toString());
            List<Event> rows = ctx.matching(row("FileCreated", "tool"));
            assertEquals(1, rows.size(), "published before beforeExec returned");
            assertEquals(sh.pid(), rows.get(0).getLong(Columns.INITIATING_PROCESS_ID));
            assertEquals(Path.of(shImage).getFileName().toString(),
                    rows.get(0).getString(Columns.INITIATING_PROCESS_FILE_NAME));
            assertTrue(collector.counters().get("releasedForExec") >= 1);
        } finally {
            collector.holdNanos(FanotifyCollector.HOLD_MS * 1_000_000L);
        }
    }

    @Test
    void makefileAppendBurstIsOneFileModifiedRowWithTheWriterFromProc() throws Exception {
        Files.writeString(repo.resolve("Makefile"), "all:\n"); // by the agent's own pid: no row
        long pid = Shell.run(repo, "exec 3>>Makefile; echo a >&3; echo b >&3; echo x >> Makefile; echo c >&3; exec 3>&-; sleep 1");
        Event e = ctx.await(row("FileModified", "Makefile"));
        Thread.sleep(800);
        List<Event> rows = ctx.matching(row("FileModified", "Makefile"));
        // fd 3 stays open across the inner `echo x >> Makefile`, whose close ends one burst; the close of fd 3 ends
        // the second: at most two rows for five writes, never one per write.
        assertTrue(rows.size() >= 1 && rows.size() <= 2, rows.toString());
        assertEquals("Makefile", e.getString(Columns.FILE_NAME));
        assertEquals(pid, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals(Path.of(shImage).getFileName().toString(), e.getString(Columns.INITIATING_PROCESS_FILE_NAME),
                "filled from /proc while the shell still ran");
        assertTrue(e.getString(Columns.INITIATING_PROCESS_COMMAND_LINE).contains("exec 3>>Makefile"));
        assertEquals(0, ctx.matching(row("FileCreated", "Makefile")).size(), "the agent's own write is not reported");
        assertTrue(collector.counters().get("ownEvents") > 0);
    }

    /**
     * The agent's own writes (its alert file) stop reaching the collector after the first: the kernel drops the
     * inode's MODIFY events. Another process appending to that file is still reported, at its close.
     */
    @Test
    void theAgentsOwnWritesStopReachingTheCollectorAndAnotherWriterIsStillReportedAtItsClose() throws Exception {
        Path own = repo.resolve("alerts.jsonl");
        long ignoredBefore = collector.counters().get("ownFilesIgnored");
        writeAsTheAgent(own, ignoredBefore + 1);
        long pid = Shell.run(repo, "echo forged >> alerts.jsonl");
        Event e = ctx.await(row("FileModified", "alerts.jsonl"));
        assertEquals(pid, e.getLong(Columns.INITIATING_PROCESS_ID));

        // rotation: the agent renames the file away and creates it again, a new inode that gets its own mark
        Files.move(own, repo.resolve("alerts.jsonl.1"));
        writeAsTheAgent(own, ignoredBefore + 2);
        assertEquals(0, collector.counters().get("ownIgnoreFailures"));
    }

    /** Creates the file from this JVM (the agent's pid), waits for its mark, then 50 writes must bring no event. */
    private static void writeAsTheAgent(Path file, long ignoredAfter) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("first\n".getBytes());
            out.flush();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (collector.counters().get("ownFilesIgnored") < ignoredAfter && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(ignoredAfter, collector.counters().get("ownFilesIgnored"));
            Thread.sleep(200);
            long ownBefore = collector.counters().get("ownEvents");
            for (int i = 0; i < 50; i++) {
                out.write(("alert " + i + "\n").getBytes());
                out.flush();
            }
            Thread.sleep(500);
            assertEquals(ownBefore, collector.counters().get("ownEvents"), "50 own writes, no event");
        }
    }

    @Test
    void singleAppendIsExactlyOneRow() throws Exception {
        Files.writeString(repo.resolve("Makefile"), "all:\n");
        Shell.run(repo, "echo x >> Makefile");
        ctx.await(row("FileModified", "Makefile"));
        Thread.sleep(800);
        assertEquals(1, ctx.matching(row("FileModified", "Makefile")).size());
    }

    @Test
    void renameCarriesPreviousAndCurrentFullPaths() throws Exception {
        Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("a"), "x");
        Shell.run(repo, "mv a sub/b");
        Event e = ctx.await(row("FileRenamed", "sub/b"));
        assertEquals("b", e.getString(Columns.FILE_NAME));
        assertEquals("a", e.getString(Columns.PREVIOUS_FILE_NAME));
        assertEquals(repo.resolve("a").toString(), e.getString(Columns.PREVIOUS_FOLDER_PATH));
        assertEquals(1L, e.getLong(Columns.FILE_SIZE));
    }

    @Test
    void removeIsFileDeleted() throws Exception {
        Files.writeString(repo.resolve("gone.txt"), "x");
        Shell.run(repo, "rm gone.txt");
        Event e = ctx.await(row("FileDeleted", "gone.txt"));
        assertEquals("gone.txt", e.getString(Columns.FILE_NAME));
        assertTrue(e.isNull(Columns.FILE_SIZE));
    }

    @Test
    void filesInADirectoryRenamedLaterGetTheCurrentPath() throws Exception {
        Shell.run(repo, "mkdir d1; echo 1 > d1/f1; mv d1 d2; echo 2 > d2/f2");
        ctx.await(row("FileCreated", "d2/f2"));
        ctx.await(row("FileCreated", "d1/f1").or(row("FileCreated", "d2/f1")));
    }

    @Test
    void excludedPrefixesAreCountedNotReported() throws Exception {
        Path ex = Files.createDirectories(base.resolve("excluded"));
        long before = collector.counters().get("excluded");
        Shell.run(ex, "echo 1 > skipped.txt; rm skipped.txt");
        Shell.run(repo, "echo 1 > marker.txt");
        ctx.await(row("FileCreated", "marker.txt"));
        assertTrue(ctx.matching(e -> "skipped.txt".equals(e.getString(Columns.FILE_NAME))).isEmpty());
        assertTrue(collector.counters().get("excluded") >= before + 2);
    }
}
