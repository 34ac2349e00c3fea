package dev.hookline.collector;

import dev.hookline.net.DnsCache;
import dev.hookline.process.ProcessTable;
import java.util.Map;

/** What the agent gives a collector when it creates one. */
public interface CollectorContext {
    EventSink events();

    HealthSink health();

    /** The live process table shared by all collectors; the source of the InitiatingProcess* columns. */
    ProcessTable processes();

    /** DeviceName and DeviceId for every event. */
    HostIdentity host();

    /** This collector's section of the agent config (empty when absent); values are YAML scalars, lists or maps. */
    Map<String, Object> config();

    /**
     * IP → host name from DNS answers, one per agent: a DNS collector fills it, the others read it for RemoteUrl.
     * This and {@link #writeBeforeExec()} are how collectors meet (the agent creates each independently).
     */
    DnsCache dnsCache();

    /** One per agent: a file collector registers its pending rows here, a process collector flushes them. */
    WriteBeforeExec writeBeforeExec();

    /** Process id of the agent itself, so collectors can exclude its own activity. */
    default long agentPid() {
        return ProcessHandle.current().pid();
    }
}
