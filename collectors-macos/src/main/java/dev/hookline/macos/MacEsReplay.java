package dev.hookline.macos;

import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.Platform;
import dev.hookline.collector.RawRecord;
import dev.hookline.collector.RawReplay;
import dev.hookline.macos.es.EsEventMapper;
import dev.hookline.macos.es.EsloggerParser;
import dev.hookline.macos.proc.Accounts;
import java.nio.charset.StandardCharsets;

/**
 * Recorded eslogger lines through the collector's own parser and mapper, as the bridge feeds them live. Nothing live
 * is read: no libproc (a process the lines never showed is described by the lines alone) and no socket polling, so
 * a recording replays on any OS; account names come from getpwuid on a Mac only (elsewhere uid only).
 */
public final class MacEsReplay implements RawReplay {
    @Override
    public void replay(Iterable<RawRecord> records, CollectorContext context) {
        MacSettings s = context.settings(MacSettings.DEFAULTS);
        String domain = context.host().deviceName();
        Accounts accounts = Platform.current() == Platform.MACOS ? Accounts.system(domain)
                : new Accounts(domain, uid -> null);
        long agent = context.agentPid();
        EsEventMapper mapper = new EsEventMapper(context.events(), context.processes(), context.host(), accounts,
                null, pid -> pid == agent, s.writeQuietMs() * 1_000_000L, s.writeMaxBurstMs() * 1_000_000L);
        EsloggerParser parser = new EsloggerParser();
        for (RawRecord r : records) {
            mapper.accept(parser.parse(new String(r.data(), StandardCharsets.UTF_8)));
        }
    }
}
