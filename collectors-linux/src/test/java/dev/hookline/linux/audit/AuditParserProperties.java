package dev.hookline.linux.audit;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** No input crashes the record parser, the field decoder, the EXECVE rebuild, the reassembler or the mapper. */
class AuditParserProperties {

    @Property(tries = 2000)
    void recordParserNeverThrows(@ForAll @StringLength(max = 300) String text, @ForAll @IntRange(min = 0, max = 3000) int type) {
        AuditRecord r = AuditRecord.parse(type, text);
        if (r != null) {
            AuditFields f = r.fields();
            for (int i = 0; i < f.size(); i++) {
                AuditFields.decode(f.rawValue(i));
            }
            f.hex("arch", -1);
            f.number("pid", -1);
            f.text("exe");
        }
    }

    @Provide
    Arbitrary<String> fieldSoup() {
        Arbitrary<String> keys = Arbitraries.of("argc", "a0", "a1", "a1_len", "a1[0]", "a1[1]", "a2[x]", "a99999999",
                "a-1", "a3[", "saddr", "exe", "pid", "proctitle", "x");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789ABCDEFabcdefXYZ\"' ()-").ofMaxLength(40),
                Arbitraries.strings().numeric().ofMaxLength(12),
                Arbitraries.of("(null)", "\"\"", "\"", "''", "-5", "99999999999999999999"));
        return Combinators.combine(keys, values).as((k, v) -> k + "=" + v).list().ofMaxSize(12)
                .map(l -> String.join(" ", l));
    }

    @Property(tries = 2000)
    void execveRebuildNeverThrows(@ForAll("fieldSoup") String a, @ForAll("fieldSoup") String b) {
        List<AuditRecord> recs = new ArrayList<>();
        recs.add(new AuditRecord(AuditProtocol.AUDIT_EXECVE, 0, 1, a));
        recs.add(new AuditRecord(AuditProtocol.AUDIT_EXECVE, 0, 1, b));
        ExecveArgs.rebuild(recs);
        SockAddr.parse(new AuditRecord(1306, 0, 1, a).fields().raw("saddr"));
    }

    @Provide
    Arbitrary<String> recordLines() {
        Arbitrary<Integer> types = Arbitraries.of(1300, 1302, 1306, 1307, 1309, 1320, 1327, 1305, 1112, 1400);
        Arbitrary<Long> serials = Arbitraries.longs().between(0, 40).injectDuplicates(0.3);
        Arbitrary<String> bodies = Arbitraries.oneOf(fieldSoup(), Arbitraries.of(
                "arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 euid=0 exe=\"/bin/true\"",
                "arch=c000003e syscall=42 success=no exit=-115 a0=3 ppid=1 pid=2",
                "arch=40000003 syscall=102 success=yes exit=0 a0=3 pid=2",
                "saddr=02000050C0A800010000000000000000", "saddr=0A00", "saddr=01002F",
                "argc=2 a0=\"x\" a1_len=4 a1[0]=\"ab\"", "proctitle=7800"));
        return Combinators.combine(types, serials, bodies)
                .as((t, s, b) -> t + " audit(1700000000.1:" + s + "): " + b);
    }

    @Property(tries = 500)
    void reassemblerAndMapperNeverThrow(@ForAll @Size(max = 60) List<@net.jqwik.api.From("recordLines") String> lines) {
        AuditCounters counters = new AuditCounters();
        dev.hookline.process.ProcessTable table = new dev.hookline.process.ProcessTable(1_000_000_000L);
        AuditEventMapper mapper = new AuditEventMapper(e -> true,
                new dev.hookline.linux.proc.ProcessLifecycle(table, null),
                new dev.hookline.linux.proc.Passwd(java.nio.file.Path.of("/nonexistent/passwd"), "h"),
                null, null, counters);
        AuditAssembler asm = new AuditAssembler(mapper, counters, 1_000L, 8, 16, 4096);
        long now = 0;
        for (String l : lines) {
            int sp = l.indexOf(' ');
            AuditRecord r = AuditRecord.parse(Integer.parseInt(l.substring(0, sp)), l.substring(sp + 1));
            if (r != null) {
                asm.add(r, now);
            }
            now += 100;
            asm.tick(now);
        }
        asm.flush();
        if (counters.mapErrors.get() != 0) {
            throw new AssertionError("mapper threw on " + lines);
        }
    }
}
