package dev.hookline.linux.dns;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorException;
import dev.hookline.net.DnsCache;
import java.util.Map;

/**
 * The DNS sniffer as an agent collector: it publishes no rows itself but fills the agent's {@link DnsCache}
 * (from the collector context), which the network collector reads for RemoteUrl.
 */
public final class DnsCollector implements Collector {
    private final DnsSniffer sniffer;

    public DnsCollector(DnsSniffer sniffer) {
        this.sniffer = sniffer;
    }

    @Override
    public String name() {
        return DnsCollectorProvider.NAME;
    }

    @Override
    public void start() throws CollectorException {
        try {
            sniffer.start();
        } catch (java.io.IOException e) {
            throw new CollectorException(e.getMessage() + "; network events will have no RemoteUrl", e);
        }
    }

    @Override
    public boolean producesEvents() {
        return false;
    }

    @Override
    public Map<String, Long> counters() {
        return sniffer.counters();
    }

    @Override
    public void close() {
        sniffer.close();
    }
}
