package dev.hookline.collector;

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

    /**
     * This collector's section of the agent config (empty when absent); values are YAML scalars, lists or maps,
     * already checked against {@link CollectorProvider#defaultSettings()} when the config was loaded. Bind it with
     * {@code dev.hookline.config.CollectorSettings.bind}.
     */
    Map<String, Object> config();

    /**
     * The agent's own files (class path, launcher, config, rule files), absolute: a collector that sees file
     * changes reports another process changing one of them. Empty when the agent gives none (tests).
     */
    default List<String> protectedPaths() {
        return List.of();
    }

    /** Process id of the agent itself, so collectors can exclude its own activity. */
    default long agentPid() {
        return ProcessHandle.current().pid();
    }
}
