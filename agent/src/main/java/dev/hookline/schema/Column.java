package dev.hookline.schema;

/**
 * One MDE column. Every distinct column name across the tables has one global id, so an event can hold
 * any table's row in fixed arrays and a compiled query reads a slot by index, never by name.
 */
public final class Column {
    private final int id;
    private final String name;
    private final ColumnType type;

    Column(int id, String name, ColumnType type) {
        this.id = id;
        this.name = name;
        this.type = type;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    @Override
    public String toString() {
        return name + ":" + type.kustoName();
    }
}
