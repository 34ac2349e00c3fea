package dev.hookline.linux.audit;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.linux.proc.Passwd;
import dev.hookline.linux.proc.ProcessLifecycle;
import dev.hookline.process.ProcessTable;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the audit read path on bytes alone (no netlink socket): each input line is
 * {@code TYPE TEXT}, parsed by {@link AuditRecord#parse}, its fields decoded, reassembled by {@link AuditAssembler}
 * (with ticks so events time out, a small in-flight bound so they are evicted) and mapped to rows by
 * {@link AuditEventMapper}. The contract is the one the reader thread relies on: a bad record is null (counted by
 * the caller), a bad event is counted, and nothing throws; the mapper's own failures, which the assembler counts
 * in {@code mapErrors} instead of crashing, are findings here too.
 */
class AuditRecordStreamSurvivesAnyBytesFuzzTest {
    /** No account file: shared, as it holds nothing an input can change (and stats the file when built). */
    private static final Passwd NO_PASSWD = new Passwd(Path.of("/nonexistent/passwd"), "h");

    @FuzzTest
    // Dictionary tokens are in libFuzzer's dictionary syntax: \" for a quote, \xNN for other bytes.
    @DictionaryEntries({"audit(", "1700000000.123:", "): ", " arch=c000003e", " syscall=59", " success=yes", " exit=",
            " pid=", " ppid=", " uid=", " euid=", " exe=", " comm=", " argc=", " a0=", " a1_len=", " a1[0]=", " saddr=",
            " proctitle=", " name=", " nametype=", "1300 ", "1309 ", "1302 ", "1306 ", "1307 ", "1320 ", "1327 ",
            "1112 ", "\\\"", "(null)"})
    void anyRecordStreamIsParsedReassembledAndMappedWithoutAnException(byte[] data) {
        AuditCounters counters = new AuditCounters();
        AuditEventMapper mapper = new AuditEventMapper(e -> true,
                new ProcessLifecycle(new ProcessTable(1_000_000_000L), null),
                NO_PASSWD, null, null, counters);
        AuditAssembler asm = new AuditAssembler(mapper, counters, 1_000L, 8, 16, 4096);
        long now = 0;
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i < data.length && data[i] != '\n') {
                continue;
            }
            AuditRecord r = record(data, start, i);
            if (r != null) {
                touchFields(r.fields());
                asm.add(r, now);
            }
            now += 300;
            asm.tick(now);
            start = i + 1;
        }
        asm.flush();
        if (counters.mapErrors.get() != 0) {
            throw new AssertionError("the mapper threw on an assembled event (" + counters.mapErrors.get() + ")");
        }
    }

    /** "TYPE TEXT": up to 4 leading digits are the netlink type (1300 when absent), the rest the record text. */
    private static AuditRecord record(byte[] d, int from, int to) {
        int type = 0;
        int p = from;
        while (p < to && p - from < 4 && d[p] >= '0' && d[p] <= '9') {
            type = type * 10 + (d[p++] - '0');
        }
        if (p == from) {
            type = AuditProtocol.AUDIT_SYSCALL;
        }
        byte[] text = new byte[to - p];
        System.arraycopy(d, p, text, 0, text.length);
        return AuditRecord.parse(type, text, text.length);
    }

    private static void touchFields(AuditFields f) {
        for (int i = 0; i < f.size(); i++) {
            f.key(i);
            AuditFields.decode(f.rawValue(i));
            AuditFields.encodedLength(f.rawValue(i));
        }
        f.number("pid", -1);
        f.hex("arch", -1);
        f.text("exe");
        f.bytes("proctitle");
        SockAddr.parse(f.raw("saddr"));
    }
}
