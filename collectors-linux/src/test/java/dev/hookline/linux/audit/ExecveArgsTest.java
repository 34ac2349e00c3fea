package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecveArgsTest {
    private static AuditRecord execve(String body) {
        return AuditRecord.parse(AuditProtocol.AUDIT_EXECVE, "audit(1700000000.000:9): " + body);
    }

    private static String hex(String s) {
        return HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void quotedAndHexArgumentsMix() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(execve(
                "argc=4 a0=\"sh\" a1=\"-c\" a2=" + hex("echo hi; id") + " a3=" + hex("quote\"d"))));
        assertEquals(List.of("sh", "-c", "echo hi; id", "quote\"d"), a.argv());
        assertTrue(a.complete(), a.problems().toString());
    }

    @Test
    void emptyArgumentIsHexEncodedAsNothingOrQuoted() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(execve("argc=2 a0=\"printf\" a1=\"\"")));
        assertEquals(List.of("printf", ""), a.argv());
        assertTrue(a.complete());
    }

    @Test
    void argumentSplitAcrossRecordsIsJoined() {
        String part1 = "A".repeat(7000);
        String part2 = "B".repeat(3000);
        ExecveArgs a = ExecveArgs.rebuild(List.of(
                execve("argc=3 a0=\"cmd\" a1_len=10000 a1[0]=\"" + part1 + "\""),
                execve("a1[1]=\"" + part2 + "\" a2=\"end\"")));
        assertEquals(3, a.argv().size());
        assertEquals(part1 + part2, a.argv().get(1));
        assertEquals("end", a.argv().get(2));
        assertTrue(a.complete(), a.problems().toString());
    }

    @Test
    void hexChunksMayMixWithQuotedChunksAndLengthCountsEncodedUnits() {
        // a1_len counts hex digits for hex chunks and characters for quoted ones
        String c0 = hex("héllo wörld ");
        ExecveArgs a = ExecveArgs.rebuild(List.of(
                execve("argc=2 a0=\"x\" a1_len=" + (c0.length() + 4) + " a1[0]=" + c0),
                execve("a1[1]=\"tail\"")));
        assertEquals("héllo wörld tail", a.argv().get(1));
        assertTrue(a.complete(), a.problems().toString());
    }

    @Test
    void longArgumentListOverSeveralRecords() {
        List<AuditRecord> recs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        StringBuilder body = new StringBuilder("argc=600");
        for (int i = 0; i < 600; i++) {
            String v = "arg" + i + "-" + "x".repeat(20);
            expected.add(v);
            body.append(" a").append(i).append("=\"").append(v).append('"');
            if (body.length() > 7000) {
                recs.add(execve(body.toString()));
                body.setLength(0);
            }
        }
        recs.add(execve(body.toString().trim()));
        assertTrue(recs.size() >= 2);
        ExecveArgs a = ExecveArgs.rebuild(recs);
        assertEquals(expected, a.argv());
        assertTrue(a.complete());
    }

    @Test
    void missingChunkIsReportedNotGuessed() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(
                execve("argc=2 a0=\"cmd\" a1_len=20 a1[0]=\"0123456789\""),
                execve("a1[2]=\"zzzz\"")));
        assertEquals(List.of("cmd"), a.argv());
        assertFalse(a.complete());
        assertTrue(a.problems().toString().contains("a1 chunk 1 missing"), a.problems().toString());
        assertTrue(a.problems().toString().contains("missing arguments [1]"), a.problems().toString());
    }

    @Test
    void lengthMismatchIsFlagged() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(execve("argc=2 a0=\"c\" a1_len=30 a1[0]=\"short\"")));
        assertEquals(List.of("c", "short"), a.argv());
        assertTrue(a.problems().toString().contains("a1_len=30 but 5 received"), a.problems().toString());
    }

    @Test
    void argcLargerThanFieldsMarksMissingArguments() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(execve("argc=4 a0=\"ls\" a1=\"-l\"")));
        assertEquals(List.of("ls", "-l"), a.argv());
        assertEquals(4, a.argc());
        assertTrue(a.problems().toString().contains("missing arguments [2, 3]"), a.problems().toString());
    }

    @Test
    void argcSmallerThanFieldsKeepsTheExtraArgumentsAndSaysSo() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(execve("argc=1 a0=\"ls\" a1=\"-l\"")));
        assertEquals(List.of("ls", "-l"), a.argv());
        assertTrue(a.problems().toString().contains("argc=1 but arguments up to a1 present"));
    }

    @Test
    void missingMiddleArgumentDoesNotShiftOthers() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(execve("argc=3 a0=\"a\" a2=\"c\"")));
        assertEquals(List.of("a", "c"), a.argv());
        assertTrue(a.problems().toString().contains("missing arguments [1]"));
    }

    @Test
    void undecodableArgumentIsReported() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(execve("argc=2 a0=\"a\" a1=XYZ")));
        assertEquals(List.of("a"), a.argv());
        assertFalse(a.complete());
    }

    @Test
    void missingArgcIsReported() {
        ExecveArgs a = ExecveArgs.rebuild(List.of(execve("a0=\"a\"")));
        assertEquals(List.of("a"), a.argv());
        assertTrue(a.problems().contains("argc missing"));
    }
}
