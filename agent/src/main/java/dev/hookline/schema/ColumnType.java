package dev.hookline.schema;

/** Kusto scalar types used by the MDE tables. Numeric, bool and datetime values live in an event's long slots. */
public enum ColumnType {
    STRING("string"),
    LONG("long"),
    INT("int"),
    /** Nanoseconds since the Unix epoch, UTC. */
    DATETIME("datetime"),
    /** 0 or 1 in a long slot. */
    BOOL("bool"),
    /** JSON text kept as a string; Kusto's dynamic. */
    DYNAMIC("dynamic");

    private final String kustoName;

    ColumnType(String kustoName) {
        this.kustoName = kustoName;
    }

    public String kustoName() {
        return kustoName;
    }

    /** True when the value lives in the long slot rather than the string slot. */
    public boolean numeric() {
        return this == LONG || this == INT || this == DATETIME || this == BOOL;
    }
}
