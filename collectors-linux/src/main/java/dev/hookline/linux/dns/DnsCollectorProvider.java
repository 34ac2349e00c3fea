package dev.hookline.linux.dns;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.collector.Platform;
import dev.hookline.net.DnsCache;

/**
 * "linux-dns": passive DNS answers → the agent's {@link DnsCache} for RemoteUrl. No settings
 * ({@link dev.hookline.collector.NoSettings}): a key in its section is an error.
 */
public final class DnsCollectorProvider implements CollectorProvider {
    static final String NAME = "linux-dns";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean forThisPlatform() {
        return Platform.current() == Platform.LINUX;
    }

    @Override
    public String unsupportedReason() {
        if (Platform.current() != Platform.LINUX) {
            return "not Linux";
        }
        return null;
    }

    @Override
    public Collector create(CollectorContext context) {
        return new DnsCollector(new DnsSniffer(context.dnsCache()));
    }
}
