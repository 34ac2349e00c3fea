package dev.hookline.linux.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles records into events by serial. An event completes on EOE, on PROCTITLE once its SYSCALL is there
 * (the kernel writes PROCTITLE last), or at once for user-space/daemon messages (types 1100-1299 and 2100-2999,
 * which are single records). Records of different events may interleave and arrive out of order. In-flight events
 * are bounded: past {@code maxInFlight} the oldest is emitted incomplete (EVICTED), and any older than the timeout
 * (auditd uses 2 s) is emitted (TIMED_OUT). A record for a just-completed serial is late (counted, dropped; an
 * EOE after PROCTITLE completion is normal and silent); an exact repeat of a record, or a second SYSCALL, is a
 * duplicate (counted, dropped). Events are capped at {@code maxRecords} records and {@code maxBytes} text.
 * <p>
 * Serial gaps: a serial that jumps past the highest seen opens a window of missing serials; any that have not
 * arrived when the timeout passes are counted in {@code sequence_gaps} (out-of-order arrivals close their hole).
 * Serials are unsigned 32-bit and compared modulo 2^32. Not thread-safe: one reader thread owns it.
 */
public final class AuditAssembler {
    /** Receives finished events. */
    public interface Sink {
        void event(AuditEvent event);
    }

    private static final int RECENT = 4096;
    private static final int MAX_TRACKED_HOLE = 1024;

    private final Sink sink;
    private final AuditCounters counters;
    private final long timeoutNanos;
    private final int maxInFlight;
    private final int maxRecords;
    private final int maxBytes;
    private final LinkedHashMap<Long, Pending> inFlight = new LinkedHashMap<>();
    /** Recently completed serials (ring + set) to tell late records from new events. */
    private final long[] recentRing = new long[RECENT];
    private int recentPos;
    private int recentCount;
    private final java.util.HashSet<Long> recentSet = new java.util.HashSet<>();
    /** Missing serials → when the hole was seen. */
    private final Map<Long, Long> holes = new HashMap<>();
    private long highest = -1;

    private static final class Pending {
        final long serial;
        final long epochNanos;
        final long firstSeen;
        final List<AuditRecord> records = new ArrayList<>(6);
        boolean syscall;
        boolean proctitle;
        int bytes;
        boolean truncated;

        Pending(long serial, long epochNanos, long firstSeen) {
            this.serial = serial;
            this.epochNanos = epochNanos;
            this.firstSeen = firstSeen;
        }
    }

    public AuditAssembler(Sink sink, AuditCounters counters, long timeoutNanos, int maxInFlight, int maxRecords,
                          int maxBytes) {
        this.sink = sink;
        this.counters = counters;
        this.timeoutNanos = timeoutNanos;
        this.maxInFlight = maxInFlight;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    public AuditAssembler(Sink sink, AuditCounters counters) {
        this(sink, counters, 2_000_000_000L, 4096, 1024, 8 * 1024 * 1024);
    }

    static boolean standalone(int type) {
        return (type >= 1100 && type <= 1299) || (type >= 2100 && type <= 2999);
    }

    public int inFlight() {
        return inFlight.size();
    }

    public void add(AuditRecord r, long now) {
        long serial = r.serial();
        Pending p = inFlight.get(serial);
        if (p == null) {
            if (recentSet.contains(serial)) {
                if (r.type() != AuditProtocol.AUDIT_EOE) {
                    counters.lateRecords.incrementAndGet();
                }
                return;
            }
            trackSerial(serial, now);
            if (r.type() == AuditProtocol.AUDIT_EOE) {
                // An EOE with nothing before it: its records were lost (the gap counter sees that); nothing to emit.
                remember(serial);
                return;
            }
            if (standalone(r.type())) {
                List<AuditRecord> one = new ArrayList<>(1);
                one.add(r);
                emit(new AuditEvent(serial, r.epochNanos(), one, AuditEvent.Completion.COMPLETE));
                remember(serial);
                return;
            }
            if (inFlight.size() >= maxInFlight) {
                Iterator<Pending> it = inFlight.values().iterator();
                Pending oldest = it.next();
                it.remove();
                counters.inflightEvicted.incrementAndGet();
                finish(oldest, AuditEvent.Completion.EVICTED);
            }
            p = new Pending(serial, r.epochNanos(), now);
            inFlight.put(serial, p);
        }
        if (r.type() == AuditProtocol.AUDIT_EOE) {
            inFlight.remove(serial);
            finish(p, AuditEvent.Completion.COMPLETE);
            return;
        }
        if (isDuplicate(p, r)) {
            counters.duplicateRecords.incrementAndGet();
            return;
        }
        if (p.records.size() >= maxRecords || p.bytes + r.body().length() > maxBytes) {
            if (!p.truncated) {
                counters.oversizedEvents.incrementAndGet();
            }
            p.truncated = true;
            return;
        }
        p.records.add(r);
        p.bytes += r.body().length();
        if (r.type() == AuditProtocol.AUDIT_SYSCALL) {
            p.syscall = true;
        } else if (r.type() == AuditProtocol.AUDIT_PROCTITLE) {
            p.proctitle = true;
        }
        if (p.syscall && p.proctitle) {
            inFlight.remove(serial);
            finish(p, AuditEvent.Completion.COMPLETE);
        }
    }

    private static boolean isDuplicate(Pending p, AuditRecord r) {
        for (AuditRecord o : p.records) {
            if (o.type() == r.type()
                    && (r.type() == AuditProtocol.AUDIT_SYSCALL || r.type() == AuditProtocol.AUDIT_PROCTITLE
                        || o.body().equals(r.body()))) {
                return true;
            }
        }
        return false;
    }

    private void trackSerial(long serial, long now) {
        if (highest < 0) {
            highest = serial;
            return;
        }
        int delta = (int) (serial - highest); // modulo 2^32
        if (delta > 0) {
            long missing = delta - 1L;
            if (missing > 0) {
                if (missing <= MAX_TRACKED_HOLE && holes.size() < 64 * MAX_TRACKED_HOLE) {
                    for (long s = 1; s <= missing; s++) {
                        holes.put((highest + s) & 0xffffffffL, now);
                    }
                } else {
                    counters.sequenceGaps.addAndGet(missing);
                }
            }
            highest = serial & 0xffffffffL;
        } else if (delta < 0) {
            holes.remove(serial);
        }
    }

    private void remember(long serial) {
        if (recentCount >= RECENT) {
            recentSet.remove(recentRing[recentPos]);
        } else {
            recentCount++;
        }
        recentRing[recentPos] = serial;
        recentPos = (recentPos + 1) % RECENT;
        recentSet.add(serial);
    }

    private void finish(Pending p, AuditEvent.Completion how) {
        remember(p.serial);
        if (p.records.isEmpty()) {
            return;
        }
        AuditEvent.Completion c = p.truncated && how == AuditEvent.Completion.COMPLETE ? AuditEvent.Completion.TRUNCATED : how;
        emit(new AuditEvent(p.serial, p.epochNanos, p.records, c));
    }

    private void emit(AuditEvent e) {
        counters.eventsAssembled.incrementAndGet();
        try {
            sink.event(e);
        } catch (RuntimeException ex) {
            counters.mapErrors.incrementAndGet();
        }
    }

    /** Emits timed-out events and counts holes that never filled. Call regularly (every ~100 ms). */
    public void tick(long now) {
        Iterator<Pending> it = inFlight.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now - p.firstSeen < timeoutNanos) {
                break; // insertion order = age order
            }
            it.remove();
            counters.inflightTimeouts.incrementAndGet();
            finish(p, AuditEvent.Completion.TIMED_OUT);
        }
        if (!holes.isEmpty()) {
            Iterator<Long> h = holes.values().iterator();
            while (h.hasNext()) {
                if (now - h.next() >= timeoutNanos) {
                    h.remove();
                    counters.sequenceGaps.incrementAndGet();
                }
            }
        }
    }

    /** Emits everything in flight (shutdown). */
    public void flush() {
        Iterator<Pending> it = inFlight.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            it.remove();
            finish(p, AuditEvent.Completion.FLUSHED);
        }
    }
}
