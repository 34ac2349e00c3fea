package dev.hookline.schema;

import java.util.List;

/**
 * The columns Log Analytics adds to every row of the MDE tables in Microsoft Sentinel, so that Sentinel queries
 * (`where TimeGenerated > ago(1d)`, `summarize ... by MachineGroup`) run unchanged. They follow the table's MDE
 * columns in a query's schema (`project *`, getschema), in the order Sentinel's own table definitions list them;
 * the MDE columns and the rows the agent writes are unchanged.
 */
public enum SentinelColumns {
    /** The Log Analytics workspace id: the row's when it carries one (an export from Sentinel), else empty. */
    TENANT_ID("TenantId", ColumnType.STRING),
    /** The device group used for access control: the row's when it carries one, else empty. */
    MACHINE_GROUP("MachineGroup", ColumnType.STRING),
    /** When the MDE agent recorded the event: Sentinel stores the row's Timestamp. */
    TIME_GENERATED("TimeGenerated", ColumnType.DATETIME),
    /** The kind of agent that collected the row: the row's when it carries one, else empty. */
    SOURCE_SYSTEM("SourceSystem", ColumnType.STRING),
    /** The table's name. */
    TYPE("Type", ColumnType.STRING);

    private final String columnName;
    private final ColumnType type;

    SentinelColumns(String columnName, ColumnType type) {
        this.columnName = columnName;
        this.type = type;
    }

    public String columnName() {
        return columnName;
    }

    public ColumnType type() {
        return type;
    }

    /**
     * The event column that holds this column's value: Timestamp for TimeGenerated, the row-carried column for
     * TenantId, MachineGroup and SourceSystem, null for Type (the table's name, not stored).
     */
    public Column source() {
        switch (this) {
            case TIME_GENERATED: return Columns.TIMESTAMP;
            case TENANT_ID: return Columns.TENANT_ID;
            case MACHINE_GROUP: return Columns.MACHINE_GROUP;
            case SOURCE_SYSTEM: return Columns.SOURCE_SYSTEM;
            default: return null;
        }
    }

    /** Every column in schema order. */
    public static List<SentinelColumns> all() {
        return List.of(values());
    }

    /** The Sentinel column of that exact name, or null. */
    public static SentinelColumns byName(String name) {
        for (SentinelColumns c : values()) {
            if (c.columnName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
