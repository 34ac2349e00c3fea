package dev.hookline.kql.eval;

import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.*;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tabular expression with let names and tabular functions expanded: a table, a named let wrapping its pipeline,
 * operators applied to an input, a union, a join, a leaf source (datatable, print, range, externaldata), a scope
 * binding a function's scalar parameters, or a materialized (computed once per run) expression. Batch mode compiles
 * it to {@link TabNode}s; streaming mode splits it into arms.
 */
sealed interface Logical {
    record LTable(Table table) implements Logical {
    }

    record LNamed(String name, Logical inner) implements Logical {
    }

    /** Operators other than union and join (a union or join inside a pipeline becomes an input). */
    record LOps(Logical input, List<Op> ops) implements Logical {
    }

    record LUnion(List<Logical> inputs, UnionParams params, Pos pos) implements Logical {
    }

    record LJoin(Logical left, Logical right, Ast.Join op) implements Logical {
    }

    /** datatable, print, range or externaldata. */
    record LLeaf(Source source) implements Logical {
    }

    /**
     * The body of a tabular function: its scalar parameters and scalar lets (compiled in order while the body is
     * planned) and the lets and functions its expressions see (for subqueries inside them).
     */
    record LScope(List<Binding> bindings, Env env, Logical inner) implements Logical {
    }

    record LMaterialize(Logical inner, Pos pos) implements Logical {
    }

    /** A scalar name bound inside a function body. */
    record Binding(String name, Expr expr) {
    }

    /** The tabular lets and user-defined functions visible at a point of the query. */
    final class Env {
        final Map<String, Logical> lets;
        final Map<String, Ast.Function> functions;
        final int depth;
        /** The compilation's warnings (shared by every scope). */
        final java.util.Set<String> warnings;

        Env(Map<String, Logical> lets, Map<String, Ast.Function> functions, int depth, java.util.Set<String> warnings) {
            this.lets = lets;
            this.functions = functions;
            this.depth = depth;
            this.warnings = warnings;
        }

        static Env empty(java.util.Set<String> warnings) {
            return new Env(new HashMap<>(), new HashMap<>(), 0, warnings);
        }

        Env child() {
            return new Env(new HashMap<>(lets), new HashMap<>(functions), depth + 1, warnings);
        }
    }

    /** Limits on the let-expanded tree, so let chains that reference earlier lets twice cannot explode. */
    int MAX_TABLE_READS = 256;
    int MAX_DEPTH = 200;
    /** Function calls nested deeper than this (recursion, which Kusto forbids) stop with an error. */
    int MAX_CALL_DEPTH = 32;

    /** Checks the expanded size (table reads) and depth of a tree, counting shared subtrees once per use. */
    static void checkSize(Logical root, Pos pos) {
        IdentityHashMap<Logical, long[]> memo = new IdentityHashMap<>();
        long[] sd = measure(root, memo, 0, pos);
        if (sd[0] > MAX_TABLE_READS) {
            throw ExprCompiler.error(pos, "query expands to " + sd[0] + " table reads (limit " + MAX_TABLE_READS + ")");
        }
    }

    /** {reads, depth}. */
    private static long[] measure(Logical l, IdentityHashMap<Logical, long[]> memo, int level, Pos pos) {
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
        List<Logical> children = children(l);
        long reads = l instanceof LTable ? 1 : 0;
        long depth = 0;
        for (Logical in : children) {
            long[] c = measure(in, memo, level + 1, pos);
            reads = Math.min(Long.MAX_VALUE / 4, reads + c[0]);
            depth = Math.max(depth, c[1] + 1);
        }
        long[] r = {reads, depth};
        memo.put(l, r);
        return r;
    }

    static List<Logical> children(Logical l) {
        if (l instanceof LNamed) {
            return List.of(((LNamed) l).inner());
        }
        if (l instanceof LOps) {
            return List.of(((LOps) l).input());
        }
        if (l instanceof LUnion) {
            return ((LUnion) l).inputs();
        }
        if (l instanceof LJoin) {
            return List.of(((LJoin) l).left(), ((LJoin) l).right());
        }
        if (l instanceof LScope) {
            return List.of(((LScope) l).inner());
        }
        if (l instanceof LMaterialize) {
            return List.of(((LMaterialize) l).inner());
        }
        return List.of();
    }

    static Logical build(Tabular t, Env env) {
        Logical cur = source(t.source(), env);
        List<Op> pending = new ArrayList<>();
        Env scope = env;
        for (Op op : t.ops()) {
            if (op instanceof UnionOp) {
                UnionOp u = (UnionOp) op;
                cur = wrap(cur, pending);
                pending = new ArrayList<>();
                List<Logical> inputs = new ArrayList<>();
                inputs.add(cur);
                for (Tabular other : u.others()) {
                    inputs.add(build(other, scope));
                }
                cur = new LUnion(inputs, u.params(), u.pos());
            } else if (op instanceof Ast.Join) {
                cur = new LJoin(wrap(cur, pending), build(((Ast.Join) op).right(), scope), (Ast.Join) op);
                pending = new ArrayList<>();
            } else if (op instanceof As) {
                cur = wrap(cur, pending);
                pending = new ArrayList<>();
                if (scope == env) {
                    scope = env.child();
                }
                scope.lets.put(((As) op).name(), cur);
                cur = new LNamed(((As) op).name(), cur);
            } else if (op instanceof Invoke && ((Invoke) op).name().equals("FileProfile")
                    && !scope.functions.containsKey("FileProfile")) {
                pending.add(op); // a row operator: see FileProfile
                scope.warnings.add("FileProfile() needs Microsoft's cloud file intelligence; its columns (GlobalPrevalence,"
                        + " Signer, ...) read as empty here");
            } else if (op instanceof Invoke) {
                Invoke inv = (Invoke) op;
                cur = call(inv.pos(), inv.name(), wrap(cur, pending), inv.args(), scope);
                pending = new ArrayList<>();
            } else {
                pending.add(op);
            }
        }
        return wrap(cur, pending);
    }

    private static Logical wrap(Logical input, List<Op> ops) {
        return ops.isEmpty() ? input : new LOps(input, List.copyOf(ops));
    }

    private static Logical source(Source s, Env env) {
        if (s instanceof NameRef) {
            NameRef ref = (NameRef) s;
            Logical let = env.lets.get(ref.name());
            if (let != null) {
                return new LNamed(ref.name(), let);
            }
            if (env.functions.containsKey(ref.name())) {
                return call(ref.pos(), ref.name(), null, List.of(), env);
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
                inputs.add(build(t, env));
            }
            return new LUnion(inputs, ((UnionSource) s).params(), s.pos());
        }
        if (s instanceof FnCall) {
            FnCall c = (FnCall) s;
            return call(c.pos(), c.name(), null, c.args(), env);
        }
        if (s instanceof Nested) {
            Nested n = (Nested) s;
            Logical inner = build(n.inner(), env);
            return n.materialize() ? new LMaterialize(inner, n.pos()) : inner;
        }
        return new LLeaf(s);
    }

    /**
     * Expands a call of a tabular function: tabular parameters become lets of the body, scalar ones (and the body's
     * scalar lets) bindings of an LScope. piped is the input of `invoke`, the first argument; else null.
     */
    static Logical call(Pos pos, String name, Logical piped, List<FnArg> args, Env env) {
        Ast.Function fn = env.functions.get(name);
        if (fn == null) {
            throw ExprCompiler.error(pos, "unknown function '" + name + "'");
        }
        if (!fn.isTabular()) {
            throw ExprCompiler.error(pos, "'" + name + "' is a scalar function, not a tabular one");
        }
        if (env.depth >= MAX_CALL_DEPTH) {
            throw ExprCompiler.error(pos, "function calls nested too deeply at '" + name + "' (recursion is not allowed)");
        }
        List<Param> params = fn.params();
        int given = args.size() + (piped != null ? 1 : 0);
        if (given > params.size()) {
            throw ExprCompiler.error(pos, "function '" + name + "' takes " + params.size() + " argument(s), got " + given);
        }
        Env inner = env.child();
        List<Binding> bindings = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            Logical tab = null;
            Expr scalar = null;
            if (piped != null && i == 0) {
                tab = piped;
            } else {
                int ai = piped != null ? i - 1 : i;
                if (ai < args.size()) {
                    FnArg a = args.get(ai);
                    if (a.tabular() != null) {
                        tab = build(a.tabular(), env);
                    } else {
                        scalar = a.scalar();
                    }
                }
            }
            if (p.tabular()) {
                if (tab == null) {
                    throw ExprCompiler.error(pos, "function '" + name + "' needs a table for parameter '" + p.name() + "'");
                }
                inner.lets.put(p.name(), tab);
                inner.functions.remove(p.name());
            } else {
                if (tab != null) {
                    throw ExprCompiler.error(pos, "function '" + name + "' parameter '" + p.name() + "' is scalar ("
                            + p.type().kustoName() + "), not a table");
                }
                if (scalar == null) {
                    scalar = p.defaultValue();
                }
                if (scalar == null) {
                    throw ExprCompiler.error(pos, "function '" + name + "' needs a value for parameter '" + p.name() + "'");
                }
                bindings.add(new Binding(p.name(), scalar));
                inner.lets.remove(p.name());
            }
        }
        for (Let let : fn.lets()) {
            if (let.function() != null) {
                inner.functions.put(let.name(), let.function());
            } else if (let.tabular() != null) {
                inner.lets.put(let.name(), build(let.tabular(), inner));
            } else {
                bindings.add(new Binding(let.name(), let.scalar()));
                inner.lets.remove(let.name());
            }
        }
        Logical body = build(fn.tabularBody(), inner);
        return new LNamed(name, new LScope(List.copyOf(bindings), inner, body));
    }
}
