package dev.hookline.linux.audit;

import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.RawRecord;
import dev.hookline.collector.RawReplay;
import dev.hookline.linux.proc.Passwd;
import dev.hookline.linux.proc.ProcessLifecycle;

/**
 * Recorded audit records (type and text, as the kernel sent them) through the collector's own parser, assembler and
 * mapper. Nothing live is read: no /proc (a process the records never showed is described from the records alone),
 * no socket inspection, no container lookup; account names come from this host's /etc/passwd.
 */
public final class AuditReplay implements RawReplay {
    @Override
    public void replay(Iterable<RawRecord> records, CollectorContext context) {
        AuditSettings s = context.settings(AuditSettings.defaults());
        AuditCounters counters = new AuditCounters();
        AuditEventMapper mapper = new AuditEventMapper(context.events(),
                new ProcessLifecycle(context.processes(), null), Passwd.system(context.host().deviceName()),
                context.host(), null, counters, null, context.dnsCache(), context.writeBeforeExec(), null,
                null);
        AuditAssembler assembler = new AuditAssembler(mapper, counters, s.inflightTimeoutMillis() * 1_000_000L,
                s.inflightMax(), 1024, 8 * 1024 * 1024);
        for (RawRecord r : records) {
            AuditRecord parsed = AuditRecord.parse(r.type(), r.data(), r.data().length);
            if (parsed == null) {
                counters.parseErrors.incrementAndGet();
                continue;
            }
            // the recorded read time orders the in-flight timeouts as they ran on the host
            assembler.add(parsed, r.readAtNanos());
        }
        assembler.flush();
    }
}
