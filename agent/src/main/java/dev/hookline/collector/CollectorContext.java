package dev.hookline.collector;

import dev.hookline.net.DnsCache;
import dev.hookline.process.ProcessTable;
import java.util.List;
import java.util.Map;

/** What the agent gives a collector when it creates one. */
public interface CollectorContext {
    EventSink events();

    HealthSink health();

    /** The live process table shared by all collectors; the source of the InitiatingProcess* columns. */
    ProcessTable processes();

    /** DeviceName and DeviceId for every event. */
    HostIdentity host();

    /** This collector's section of the agent config as written (empty when absent): YAML scalars, lists or maps. */
    Map<String, Object> config();

    /**
     * This collector's settings: {@link #config()} over {@code defaults} (its provider's
     * {@link CollectorProvider#defaultSettings()}), bound by the agent config's mapper. The agent checked the
     * section, with line and column, when it loaded the config, so for the agent's context this does not fail.
     * This default serves only a context without a section (IllegalStateException otherwise); the agent's context
     * binds any.
     *
     * @throws IllegalArgumentException naming the key and what is wrong, from a context that binds
     */
    default <T extends Record> T settings(T defaults) {
        if (config().isEmpty()) {
            return defaults;
        }
        throw new IllegalStateException("this collector context cannot bind a config section " + config().keySet());
    }

    /**
     * The agent's own files (class path, launcher, config, rule files), absolute: a collector that sees file
     * changes reports another process changing one of them. Empty when the agent gives none (tests).
     */
    default List<String> protectedPaths() {
        return List.of();
    }

    /**
     * IP → host name from DNS answers, one per agent: a DNS collector fills it, the others read it for RemoteUrl.
     * This and {@link #writeBeforeExec()} are how collectors meet (the agent creates each independently).
     */
    DnsCache dnsCache();

    /** One per agent: a file collector registers its pending rows here, a process collector flushes them. */
    WriteBeforeExec writeBeforeExec();

    /**
     * Where to hand the raw input this collector reads ({@code hookline record}); null, the usual case, when
     * nothing records: the collector then pays one null check per input.
     */
    default RawRecorder recorder() {
        return null;
    }

    /** Process id of the agent itself, so collectors can exclude its own activity. */
    default long agentPid() {
        return ProcessHandle.current().pid();
    }
}
