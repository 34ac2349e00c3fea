package dev.hookline.kql.eval;

import dev.hookline.kql.parse.Ast.*;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tabular expression with let names expanded: a table, a named let wrapping its pipeline, operators applied to
 * an input, or a union. Batch mode compiles it to {@link TabNode}s; streaming mode splits it into arms.
 */
sealed interface Logical {
    record LTable(Table table) implements Logical {
    }

    record LNamed(String name, Logical inner) implements Logical {
    }

    /** Operators other than union (a union inside a pipeline becomes an LUnion input). */
    record LOps(Logical input, List<Op> ops) implements Logical {
    }

    record LUnion(List<Logical> inputs) implements Logical {
    }

    static Logical build(Tabular t, Map<String, Logical> lets) {
        Logical cur = source(t.source(), lets);
        List<Op> pending = new ArrayList<>();
        for (Op op : t.ops()) {
            if (op instanceof UnionOp) {
                cur = wrap(cur, pending);
                pending = new ArrayList<>();
                List<Logical> inputs = new ArrayList<>();
                inputs.add(cur);
                for (Tabular other : ((UnionOp) op).others()) {
                    inputs.add(build(other, lets));
                }
                cur = new LUnion(inputs);
            } else {
                pending.add(op);
            }
        }
        return wrap(cur, pending);
    }

    private static Logical wrap(Logical input, List<Op> ops) {
        return ops.isEmpty() ? input : new LOps(input, List.copyOf(ops));
    }

    private static Logical source(Source s, Map<String, Logical> lets) {
        if (s instanceof NameRef) {
            NameRef ref = (NameRef) s;
            Logical let = lets.get(ref.name());
            if (let != null) {
                return new LNamed(ref.name(), let);
            }
            Table t = Table.byName(ref.name());
            if (t == null) {
                throw ExprCompiler.error(ref.pos(), "unknown table or let name '" + ref.name() + "'");
            }
            return new LTable(t);
        }
        if (s instanceof UnionSource) {
            List<Logical> inputs = new ArrayList<>();
            for (Tabular t : ((UnionSource) s).inputs()) {
                inputs.add(build(t, lets));
            }
            return new LUnion(inputs);
        }
        return build(((Nested) s).inner(), lets);
    }
}
