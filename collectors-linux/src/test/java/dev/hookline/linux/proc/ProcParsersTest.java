package dev.hookline.linux.proc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /proc parsers on literal file contents. */
class ProcParsersTest {
    static final String TAIL = " S 1234 1240 1240 0 -1 4194560 1207 0 0 0 3 1 0 0 20 0 1 0 98765 11111111 222 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void statWithPlainComm() {
        ProcStat s = ProcStat.parse("4321 (bash)" + TAIL);
        assertEquals(4321, s.pid());
        assertEquals("bash", s.comm());
        assertEquals('S', s.state());
        assertEquals(1234, s.ppid());
        assertEquals(98765, s.startTicks());
    }

    @Test
    void statCommWithSpacesAndParentheses() {
        ProcStat s = ProcStat.parse("77 (my (weird) prog) )" + TAIL);
        assertEquals("my (weird) prog) ", s.comm());
        assertEquals(1234, s.ppid());
        assertEquals(98765, s.startTicks());
    }

    @Test
    void malformedStatIsNull() {
        assertNull(ProcStat.parse(""));
        assertNull(ProcStat.parse("12 (x)"));
        assertNull(ProcStat.parse("x (y) S 1 2"));
        assertNull(ProcStat.parse("12 (x) S notanumber" + TAIL));
        assertNull(ProcStat.parse(null));
    }

    @Test
    void statusEffectiveUid() {
        String status = "Name:\tsudo\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n";
        assertEquals(0, ProcStatus.effectiveUid(status));
        assertEquals(1000, ProcStatus.effectiveUid("Uid:\t5\t1000\t1000\t1000"));
        assertEquals(-1, ProcStatus.effectiveUid("Name:\tx\n"));
        assertEquals(-1, ProcStatus.effectiveUid("Uid:\tx"));
    }

    @Test
    void bootTimeFromProcStat() {
        assertEquals(1700000000L, ProcFs.parseBootTime("cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n"));
        assertEquals(0, ProcFs.parseBootTime("cpu 1\n"));
    }

    @Test
    void cmdlineSplitsOnNul() {
        byte[] raw = "python3\0-c\0print('a b')\0".getBytes(StandardCharsets.UTF_8);
        List<String> argv = CommandLine.splitNul(raw, raw.length);
        assertEquals(List.of("python3", "-c", "print('a b')"), argv);
        assertEquals("python3 -c \"print('a b')\"", CommandLine.join(argv));
        byte[] rewritten = "nginx: worker process".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("nginx: worker process"), CommandLine.splitNul(rewritten, rewritten.length));
    }

    @Test
    void commandLineQuotesOnlyArgumentsWithWhitespaceOrEmpty() {
        assertEquals("ls -l \"/tmp/a b\" \"\" x\"y", CommandLine.join(List.of("ls", "-l", "/tmp/a b", "", "x\"y")));
        assertEquals("", CommandLine.join(List.of()));
        String huge = CommandLine.join(List.of("x".repeat(CommandLine.MAX_CHARS + 100)));
        assertEquals(CommandLine.MAX_CHARS + 3, huge.length());
        assertTrue(huge.endsWith("..."));
    }

    @Test
    void deletedExeSuffixIsStripped() {
        assertEquals("/usr/bin/app", ProcFs.cleanExe("/usr/bin/app (deleted)"));
        assertEquals("/usr/bin/app", ProcFs.cleanExe("/usr/bin/app"));
    }

    @Test
    void passwdParsing() {
        Map<Long, String> m = Passwd.parse("# comment\nroot:x:0:0:root:/root:/bin/bash\nbad line\n"
                + "alice:x:1000:1000::/home/alice:/bin/sh\nalias:x:1000:1000::/:/bin/sh\n+nis\nbob:x:notnum:1::/:/bin/sh\n");
        assertEquals("root", m.get(0L));
        assertEquals("alice", m.get(1000L));
        assertEquals(2, m.size());
    }
}
