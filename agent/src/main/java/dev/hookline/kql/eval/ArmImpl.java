package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.Arm;
import dev.hookline.schema.Table;
import java.util.List;

/** One streaming arm: a row chain over one table, with its own reusable frame. */
final class ArmImpl implements Arm {
    private final String name;
    private final String letName;
    private final Table table;
    final Chain chain;
    final Frame frame;
    private final List<String> columns;
    private final ArmGate gate;
    private final List<ArmGate> gates;

    ArmImpl(String name, String letName, Table table, Chain chain, Slots slots) {
        this.name = name;
        this.letName = letName;
        this.table = table;
        this.chain = chain;
        this.frame = slots.newFrame();
        this.columns = List.copyOf(chain.out.names);
        this.gate = chain.gate();
        this.gates = chain.gates();
    }

    @Override
    public ArmGate gate() {
        return gate;
    }

    @Override
    public List<ArmGate> gates() {
        return gates;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String letName() {
        return letName;
    }

    @Override
    public Table table() {
        return table;
    }

    @Override
    public List<String> outputColumns() {
        return columns;
    }

    @Override
    public Object constant(String column) {
        Node n = chain.out.find(column);
        return n instanceof Nodes.Const ? ((Nodes.Const) n).value() : null;
    }

    @Override
    public String toString() {
        return name + "(" + table + ")";
    }
}
