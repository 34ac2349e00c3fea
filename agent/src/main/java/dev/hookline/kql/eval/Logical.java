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

    /** Limits on the let-expanded tree, so let chains that reference earlier lets twice cannot explode. */
    int MAX_TABLE_READS = 256;
    int MAX_DEPTH = 200;

    /** Checks the expanded size (table reads) and depth of a tree, counting shared subtrees once per use. */
    static void checkSize(Logical root, Pos pos) {
        java.util.IdentityHashMap<Logical, long[]> memo = new java.util.IdentityHashMap<>();
        long[] sd = measure(root, memo, 0, pos);
        if (sd[0] > MAX_TABLE_READS) {
            throw ExprCompiler.error(pos, "query expands to " + sd[0] + " table reads (limit " + MAX_TABLE_READS + ")");
        }
    }

    /** {reads, depth}. */
    private static long[] measure(Logical l, java.util.IdentityHashMap<Logical, long[]> memo, int level, Pos pos) {
        if (level > MAX_DEPTH) {
            throw ExprCompiler.error(pos, "query nested too deeply (limit " + MAX_DEPTH + " levels of let and union)");
        }
        long[] known = memo.get(l);
        if (known != null) {
            if (level + known[1] > MAX_DEPTH) {
                throw ExprCompiler.error(pos, "query nested too deeply (limit " + MAX_DEPTH + " levels of let and union)");
            }
            return known;
        }
        long reads = 0;
        long depth = 0;
        if (l instanceof LTable) {
            reads = 1;
        } else if (l instanceof LNamed) {
            long[] c = measure(((LNamed) l).inner(), memo, level + 1, pos);
            reads = c[0];
            depth = c[1] + 1;
        } else if (l instanceof LOps) {
            long[] c = measure(((LOps) l).input(), memo, level + 1, pos);
            reads = c[0];
            depth = c[1] + 1;
        } else {
            for (Logical in : ((LUnion) l).inputs()) {
                long[] c = measure(in, memo, level + 1, pos);
                reads = Math.min(Long.MAX_VALUE / 4, reads + c[0]);
                depth = Math.max(depth, c[1] + 1);
            }
        }
        long[] r = {reads, depth};
        memo.put(l, r);
        return r;
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
