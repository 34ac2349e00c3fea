package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Column;
import dev.hookline.schema.SentinelColumns;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The columns visible at one point of a pipeline, in order, each with the node that reads it for the current row.
 * {@code origin} is the table the rows come from (a column of another MDE table reads as empty, with a warning);
 * {@code outer} lists columns a union adds in batch mode, which a streaming arm lacking them reads as null.
 */
public final class Schema {
    final List<String> names = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final Table origin;
    final Map<String, KType> outer;
    private final BitSet read = new BitSet();

    Schema(Table origin, Map<String, KType> outer) {
        this.origin = origin;
        this.outer = outer;
    }

    /** Every column of a table, read straight from the event, then Sentinel's columns ({@link SentinelColumns}). */
    static Schema ofTable(Table t) {
        Schema s = new Schema(t, null);
        for (Column c : t.columns()) {
            KType k = KType.of(c.type());
            s.add(c.name(), k.isLong() ? new Nodes.EventLong(k, c.id()) : new Nodes.EventString(k, c.id()));
        }
        for (SentinelColumns c : SentinelColumns.all()) {
            KType k = KType.of(c.type());
            Column from = c.source();
            s.add(c.columnName(), from == null ? Nodes.Const.ofString(t.name())
                    : k.isLong() ? new Nodes.EventLong(k, from.id()) : new Nodes.EventString(k, from.id()));
        }
        return s;
    }

    Schema derive() {
        return new Schema(origin, outer);
    }

    Schema withOuter(Map<String, KType> o) {
        Schema s = new Schema(origin, o);
        s.names.addAll(names);
        s.nodes.addAll(nodes);
        return s;
    }

    int indexOf(String name) {
        return names.indexOf(name);
    }

    Node find(String name) {
        int i = names.indexOf(name);
        if (i >= 0) {
            read.set(i);
        }
        return i < 0 ? null : nodes.get(i);
    }

    /** The columns {@link #find} has given out: every column an expression compiled against this schema reads. */
    BitSet read() {
        return (BitSet) read.clone();
    }

    void add(String name, Node node) {
        names.add(name);
        nodes.add(node);
    }

    /** Replaces an existing column in place or appends a new one (extend semantics). */
    void put(String name, Node node) {
        int i = names.indexOf(name);
        if (i >= 0) {
            nodes.set(i, node);
        } else {
            add(name, node);
        }
    }

    List<KType> types() {
        List<KType> t = new ArrayList<>();
        for (Node n : nodes) {
            t.add(n.type);
        }
        return t;
    }
}
