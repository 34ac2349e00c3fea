package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every real eslogger record carries the process's start_time and its parent_audit_token (with pidversion), and
 * global_seq_num starts again with each eslogger run: the mapper uses the first two and keeps ReportId unique.
 */
class EsMapperUsesWhatRealRecordsCarryTest {
    static final String FORK_600_V5 = "{\"time\":\"2026-01-02T03:04:00Z\",\"event_type\":11,\"global_seq_num\":1,"
            + "\"process\":{\"audit_token\":{\"pid\":500,\"pidversion\":50},\"ppid\":1,\"executable\":{\"path\":"
            + "\"\\/usr\\/sbin\\/installer\"}},\"event\":{\"fork\":{\"child\":{\"audit_token\":{\"pid\":600,"
            + "\"pidversion\":5,\"euid\":0},\"ppid\":500,\"executable\":{\"path\":\"\\/usr\\/sbin\\/installer\"}}}}}";

    /** An exec of /bin/sh as pid 601 whose parent token is pid 600 with the given pidversion, and the given ppid. */
    static String exec(long ppid, long parentPidVersion, long seq) {
        return "{\"time\":\"2026-01-02T03:04:05Z\",\"event_type\":9,\"global_seq_num\":" + seq + ",\"process\":"
                + "{\"audit_token\":{\"pid\":601,\"pidversion\":6},\"ppid\":" + ppid + ",\"executable\":{\"path\":"
                + "\"\\/usr\\/sbin\\/installer\"}},\"event\":{\"exec\":{\"args\":[\"sh\"],\"target\":{"
                + "\"audit_token\":{\"pid\":601,\"pidversion\":6,\"euid\":0},\"ppid\":" + ppid + ","
                + "\"parent_audit_token\":{\"pid\":600,\"pidversion\":" + parentPidVersion + "},"
                + "\"start_time\":\"2026-01-02T03:04:01.250000Z\",\"executable\":{\"path\":\"\\/bin\\/sh\"}}}}}";
    }

    private static EsMapperRun run() {
        return new EsMapperRun();
    }

    static final class EsMapperRun {
        final Fixtures.Recorder rec = new Fixtures.Recorder();
        final EsEventMapper mapper = new EsEventMapper(rec, new ProcessTable(60_000_000_000L), null, null, null,
                null, 2_000_000_000L, 60_000_000_000L);
        final EsloggerParser parser = new EsloggerParser();

        EsMapperRun feed(String... lines) {
            for (String l : lines) {
                mapper.accept(parser.parse(l));
            }
            return this;
        }

        List<Event> processRows() {
            return rec.events.stream().filter(e -> e.table() == Table.DeviceProcessEvents)
                    .collect(Collectors.toList());
        }
    }

    @Test
    void processCreationTimeIsTheTargetsStartTimeNotTheExecTime() {
        Event e = run().feed(exec(600, 5, 2)).processRows().get(0);
        assertEquals(Times.parse("2026-01-02T03:04:01.250Z"), e.getLong(Columns.PROCESS_CREATION_TIME));
    }

    @Test
    void theParentIsFoundByItsAuditTokenEvenWhenPpidWasReparented() {
        EsMapperRun r = run().feed(FORK_600_V5, exec(1, 5, 2));
        Event e = r.processRows().get(0);
        assertEquals(600, e.getLong(Columns.INITIATING_PROCESS_ID), "parent_audit_token, not ppid 1 (launchd)");
        assertEquals("installer", e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals(1L, r.mapper.counters().get("parentByAuditToken"));
    }

    @Test
    void aParentWhosePidWasReusedIsNotTakenForTheNewProcess() {
        EsMapperRun r = run().feed(FORK_600_V5, exec(600, 9, 2));
        Event e = r.processRows().get(0);
        assertEquals(600, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertTrue(e.isNull(Columns.INITIATING_PROCESS_FILE_NAME),
                "pid 600 in the table is pidversion 5, the parent is pidversion 9: " + e);
        assertEquals(1L, r.mapper.counters().get("parentPidReused"));
    }

    @Test
    void reportIdsStayUniqueWhenEsloggerRestartsItsSequence() {
        EsMapperRun r = run().feed(exec(600, 5, 2));
        r.mapper.resetSequence();
        r.feed(exec(600, 5, 2));
        List<Event> rows = r.processRows();
        long first = rows.get(0).getLong(Columns.REPORT_ID);
        long second = rows.get(1).getLong(Columns.REPORT_ID);
        assertNotEquals(first, second);
        assertTrue(second > first, first + " then " + second);
    }

    @Test
    void theRealMacOs15ExecTakesStartTimeAndParentToken() throws Exception {
        Path sample = Path.of("../../shared/corpora/platform-samples/macos/mullvad-macos15-v9-exec.jsonl");
        if (!Files.exists(sample)) {
            sample = Path.of("../shared/corpora/platform-samples/macos/mullvad-macos15-v9-exec.jsonl");
        }
        if (!Files.exists(sample)) {
            System.out.println("skipped: no real eslogger sample at ../shared/corpora/platform-samples/macos");
            Assumptions.abort("no real sample");
        }
        String line = Files.readAllLines(sample).get(0);
        EsMessage m = new EsloggerParser().parse(line);
        EsProcess target = m.exec().target();
        assertEquals(58916, target.parentPid());
        assertTrue(target.parentPidVersion() > 0);
        assertTrue(target.startTimeNanos() != Event.NULL && target.startTimeNanos() < m.timeNanos());
    }
}
