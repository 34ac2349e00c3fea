package dev.hookline.kql.parse;

import dev.hookline.schema.ColumnType;

/** Kusto scalar types and where a value of each lives while a row is evaluated (long, double or String slot). */
public enum KType {
    STRING("string"), LONG("long"), INT("int"), REAL("real"), BOOL("bool"), DATETIME("datetime"),
    TIMESPAN("timespan"), DYNAMIC("dynamic");

    private final String kustoName;

    KType(String kustoName) {
        this.kustoName = kustoName;
    }

    public String kustoName() {
        return kustoName;
    }

    /** Stored in a long (null = Long.MIN_VALUE). */
    public boolean isLong() {
        return this == LONG || this == INT || this == BOOL || this == DATETIME || this == TIMESPAN;
    }

    /** Stored as text. */
    public boolean isText() {
        return this == STRING || this == DYNAMIC;
    }

    public boolean isNumber() {
        return this == LONG || this == INT || this == REAL;
    }

    public static KType of(ColumnType t) {
        switch (t) {
            case LONG: return LONG;
            case INT: return INT;
            case DATETIME: return DATETIME;
            case BOOL: return BOOL;
            case DYNAMIC: return DYNAMIC;
            default: return STRING;
        }
    }

    /** The type named in a cast or typed null such as long(null); null when the name is no type. */
    public static KType byName(String name) {
        switch (name) {
            case "string": return STRING;
            case "long": return LONG;
            case "int": return INT;
            case "real": case "double": return REAL;
            case "bool": case "boolean": return BOOL;
            case "datetime": case "date": return DATETIME;
            case "timespan": case "time": return TIMESPAN;
            case "dynamic": return DYNAMIC;
            default: return null;
        }
    }
}
