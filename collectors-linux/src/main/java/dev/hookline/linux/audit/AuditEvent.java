package dev.hookline.linux.audit;

import java.util.ArrayList;
import java.util.List;

/** The records of one audit event (one serial), in arrival order, and how the event was completed. */
public final class AuditEvent {
    /** How an event ended: properly (EOE, PROCTITLE after SYSCALL, single-record), or cut off. */
    public enum Completion { COMPLETE, TIMED_OUT, EVICTED, FLUSHED, TRUNCATED }

    private final long serial;
    private final long epochNanos;
    private final List<AuditRecord> records;
    private final Completion completion;

    public AuditEvent(long serial, long epochNanos, List<AuditRecord> records, Completion completion) {
        this.serial = serial;
        this.epochNanos = epochNanos;
        this.records = records;
        this.completion = completion;
    }

    public long serial() {
        return serial;
    }

    public long epochNanos() {
        return epochNanos;
    }

    public List<AuditRecord> records() {
        return records;
    }

    public Completion completion() {
        return completion;
    }

    public AuditRecord first(int type) {
        for (AuditRecord r : records) {
            if (r.type() == type) {
                return r;
            }
        }
        return null;
    }

    public List<AuditRecord> all(int type) {
        List<AuditRecord> out = new ArrayList<>(2);
        for (AuditRecord r : records) {
            if (r.type() == type) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "AuditEvent{serial=" + serial + ", " + completion + ", records=" + records + '}';
    }
}
