package dev.hookline.linux.dns;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;

/** "linux-dns": passive DNS answers → {@link DnsCache#shared()} for RemoteUrl. No config keys. */
public final class DnsCollectorProvider implements CollectorProvider {
    static final String NAME = "linux-dns";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean forThisPlatform() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");
    }

    @Override
    public String unsupportedReason() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "not Linux";
        }
        return null;
    }

    @Override
    public Collector create(CollectorContext context) {
        return new DnsCollector(new DnsSniffer(DnsCache.shared()));
    }
}
