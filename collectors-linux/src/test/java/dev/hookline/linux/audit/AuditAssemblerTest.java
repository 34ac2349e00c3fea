package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditAssemblerTest {
    final List<AuditEvent> out = new ArrayList<>();
    final AuditCounters counters = new AuditCounters();
    final AuditAssembler asm = new AuditAssembler(out::add, counters, 2_000_000_000L, 3, 1024, 1 << 20);

    static AuditRecord rec(int type, long serial, String body) {
        return AuditRecord.parse(type, "audit(1700000000.500:" + serial + "): " + body);
    }

    static AuditRecord syscall(long serial) {
        return rec(1300, serial, "arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 exe=\"/bin/true\"");
    }

    @Test
    void eventCompletesOnEoe() {
        asm.add(syscall(10), 0);
        asm.add(rec(1309, 10, "argc=1 a0=\"true\""), 0);
        assertTrue(out.isEmpty());
        asm.add(rec(1320, 10, ""), 0);
        assertEquals(1, out.size());
        assertEquals(2, out.get(0).records().size());
        assertEquals(AuditEvent.Completion.COMPLETE, out.get(0).completion());
    }

    @Test
    void eventCompletesOnProctitleAfterSyscallAndTheLaterEoeIsSilent() {
        asm.add(syscall(10), 0);
        asm.add(rec(1327, 10, "proctitle=74727565"), 0);
        assertEquals(1, out.size());
        asm.add(rec(1320, 10, ""), 0);
        assertEquals(1, out.size());
        assertEquals(0, counters.lateRecords.get());
    }

    @Test
    void proctitleBeforeSyscallWaitsForTheSyscall() {
        asm.add(rec(1327, 10, "proctitle=74727565"), 0);
        assertTrue(out.isEmpty());
        asm.add(syscall(10), 0);
        assertEquals(1, out.size());
        assertEquals(1300, out.get(0).first(1300).type());
    }

    @Test
    void interleavedSerialsAreSeparated() {
        asm.add(syscall(10), 0);
        asm.add(syscall(11), 0);
        asm.add(rec(1309, 11, "argc=1 a0=\"b\""), 0);
        asm.add(rec(1309, 10, "argc=1 a0=\"a\""), 0);
        asm.add(rec(1320, 11, ""), 0);
        asm.add(rec(1320, 10, ""), 0);
        assertEquals(2, out.size());
        assertEquals(11, out.get(0).serial());
        assertTrue(out.get(0).first(1309).body().contains("\"b\""));
        assertTrue(out.get(1).first(1309).body().contains("\"a\""));
        assertEquals(0, counters.sequenceGaps.get());
    }

    @Test
    void missingEoeTimesOut() {
        asm.add(syscall(10), 0);
        asm.add(rec(1309, 10, "argc=1 a0=\"a\""), 0);
        asm.tick(1_000_000_000L);
        assertTrue(out.isEmpty());
        asm.tick(2_000_000_001L);
        assertEquals(1, out.size());
        assertEquals(AuditEvent.Completion.TIMED_OUT, out.get(0).completion());
        assertEquals(1, counters.inflightTimeouts.get());
    }

    @Test
    void duplicateRecordsAreDroppedAndCounted() {
        asm.add(syscall(10), 0);
        asm.add(syscall(10), 0);
        asm.add(rec(1309, 10, "argc=1 a0=\"a\""), 0);
        asm.add(rec(1309, 10, "argc=1 a0=\"a\""), 0);
        asm.add(rec(1320, 10, ""), 0);
        assertEquals(1, out.size());
        assertEquals(2, out.get(0).records().size());
        assertEquals(2, counters.duplicateRecords.get());
    }

    @Test
    void recordsAfterCompletionAreLate() {
        asm.add(syscall(10), 0);
        asm.add(rec(1320, 10, ""), 0);
        asm.add(rec(1302, 10, "item=0 name=\"/bin/true\""), 0);
        assertEquals(1, out.size());
        assertEquals(1, counters.lateRecords.get());
    }

    @Test
    void inFlightIsBoundedByEvictingTheOldest() {
        asm.add(syscall(1), 0);
        asm.add(syscall(2), 0);
        asm.add(syscall(3), 0);
        asm.add(syscall(4), 0);
        assertEquals(1, out.size());
        assertEquals(1, out.get(0).serial());
        assertEquals(AuditEvent.Completion.EVICTED, out.get(0).completion());
        assertEquals(3, asm.inFlight());
    }

    @Test
    void userMessagesAreSingleRecordEvents() {
        asm.add(rec(1112, 50, "pid=1 uid=0 msg='op=login res=success'"), 0);
        assertEquals(1, out.size());
        assertEquals(0, asm.inFlight());
    }

    @Test
    void serialJumpsCountAsGapsUnlessTheMissingSerialsArriveLate() {
        asm.add(syscall(10), 0);
        asm.add(rec(1320, 10, ""), 0);
        asm.add(syscall(14), 0); // 11, 12, 13 missing
        asm.add(rec(1320, 14, ""), 0);
        asm.add(syscall(12), 0); // 12 arrives out of order
        asm.add(rec(1320, 12, ""), 0);
        asm.tick(3_000_000_000L);
        assertEquals(2, counters.sequenceGaps.get());
        assertEquals(3, out.size());
    }

    @Test
    void serialWrapIsNotAGap() {
        asm.add(syscall(0xffffffffL), 0);
        asm.add(rec(1320, 0xffffffffL, ""), 0);
        asm.add(syscall(0), 0);
        asm.add(rec(1320, 0, ""), 0);
        asm.tick(5_000_000_000L);
        assertEquals(0, counters.sequenceGaps.get());
        assertEquals(2, out.size());
    }

    @Test
    void hugeJumpIsCountedWithoutTrackingEachSerial() {
        asm.add(syscall(10), 0);
        asm.add(syscall(1_000_010), 0);
        assertEquals(999_999, counters.sequenceGaps.get());
    }

    @Test
    void oversizedEventsAreTruncatedAndMarked() {
        AuditAssembler small = new AuditAssembler(out::add, counters, 2_000_000_000L, 10, 3, 1 << 20);
        small.add(syscall(10), 0);
        for (int i = 0; i < 5; i++) {
            small.add(rec(1309, 10, "a" + i + "=\"x\""), 0);
        }
        small.add(rec(1320, 10, ""), 0);
        assertEquals(AuditEvent.Completion.TRUNCATED, out.get(0).completion());
        assertEquals(3, out.get(0).records().size());
        assertEquals(1, counters.oversizedEvents.get());
    }

    @Test
    void sinkExceptionsAreCountedNotPropagated() {
        AuditAssembler failing = new AuditAssembler(e -> {
            throw new IllegalStateException("boom");
        }, counters);
        failing.add(syscall(10), 0);
        failing.add(rec(1320, 10, ""), 0);
        assertEquals(1, counters.mapErrors.get());
    }
}
