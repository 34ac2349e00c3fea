package dev.hookline.collector;

import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Column;
import dev.hookline.schema.Table;
import java.util.Map;
import java.util.Set;

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
     * A test of whether an event of {@code table} might match a rule, reading only {@code knownColumns} (see
     * {@link Urgency}); a new instance for the calling thread. Without rules: {@link Urgency#ALWAYS}.
     */
    default Urgency urgency(Table table, Set<Column> knownColumns) {
        return Urgency.ALWAYS;
    }

    /** Process id of the agent itself, so collectors can exclude its own activity. */
    default long agentPid() {
        return ProcessHandle.current().pid();
    }
}
