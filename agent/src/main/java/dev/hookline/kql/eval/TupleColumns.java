package dev.hookline.kql.eval;

import dev.hookline.kql.eval.fn.Functions;
import dev.hookline.kql.eval.fn.TupleDef;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Assign;
import dev.hookline.kql.parse.Ast.Call;
import dev.hookline.kql.parse.Ast.Ident;
import dev.hookline.kql.parse.Parser;
import java.util.ArrayList;
import java.util.List;

/**
 * An extend or project item whose function has several result columns ({@link TupleDef}): {@code f(X)},
 * {@code a = f(X)} or {@code (a, b, c) = f(X)}. Kusto names them: the names given, in order, then
 * {@code f_X_<column>} for the rest (X the first argument's column name, as the analyzer does:
 * {@code series_stats_ConnCounts_avg}).
 */
final class TupleColumns {
    /** One column to add: its name and its node (reading the call's value, computed once per row). */
    record Out(String name, Node node) {
    }

    private TupleColumns() {
    }

    /** The columns of the item, or null when it is not a call of a multi-column function. */
    static List<Out> of(Assign a, ExprCompiler compiler, Materializer slot) {
        List<String> given = new ArrayList<>();
        Ast.Expr e = a.expr();
        if (e instanceof Call c && c.name().equals(Parser.MULTI_ASSIGN)) {
            List<Ast.Expr> parts = c.args();
            for (int i = 0; i < parts.size() - 1; i++) {
                given.add(((Ident) parts.get(i)).name());
            }
            e = parts.get(parts.size() - 1);
        } else if (a.name() != null) {
            given.add(a.name());
        }
        if (!(e instanceof Call call)) {
            return null;
        }
        TupleDef def = Functions.tuple(call.name());
        if (def == null) {
            return null;
        }
        if (given.size() > def.columns.size()) {
            throw ExprCompiler.error(a.pos(), call.name() + "() gives " + def.columns.size() + " columns ("
                    + String.join(", ", def.columns) + "), not " + given.size());
        }
        Node whole = slot.materialize(def.compile(compiler.site(call)));
        String arg = call.args().isEmpty() ? null : ResultNames.of(call.args().get(0));
        String prefix = call.name() + "_" + (arg == null ? "" : arg + "_");
        List<Out> out = new ArrayList<>();
        for (int i = 0; i < def.columns.size(); i++) {
            String name = i < given.size() ? given.get(i) : prefix + def.columns.get(i);
            out.add(new Out(name, def.column(whole, i)));
        }
        return out;
    }

    /** Computes a node once per row into a slot and returns the node reading it. */
    @FunctionalInterface
    interface Materializer {
        Node materialize(Node n);
    }
}
