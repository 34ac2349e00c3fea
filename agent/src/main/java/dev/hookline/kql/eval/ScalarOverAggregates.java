package dev.hookline.kql.eval;

import dev.hookline.kql.eval.fn.Functions;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.Assign;
import dev.hookline.kql.parse.Ast.Call;
import dev.hookline.kql.parse.Parser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * summarize's scalar expressions over aggregates ({@code summarize tostring(make_set(X)), n = count() * 2 by K}):
 * Kusto computes the aggregates per group, then the expression. Hookline does the same in two steps: a summarize
 * of the aggregates found inside the expressions (under hidden names, in their places), then a project that
 * computes each expression from them and keeps the other columns as they are. An unnamed expression is named as
 * Kusto names it: after its aggregate when the functions around it pass the name on (tostring(make_set(X)) is
 * set_X), else Column1, Column2, ...
 */
final class ScalarOverAggregates {
    private static final String HIDDEN = "__hookline_agg_";

    private ScalarOverAggregates() {
    }

    /** Whether some aggregate expression of the summarize is not an aggregate call itself. */
    static boolean present(Ast.Summarize s) {
        for (Assign a : s.aggregates()) {
            if (a.expr() instanceof Call c && (c.name().equals(Parser.MULTI_ASSIGN)
                    || Functions.aggregate(c.name()) != null)) {
                continue;
            }
            if (containsAggregate(a.expr())) {
                return true;
            }
        }
        return false;
    }

    /** The summarize of the aggregates alone: each expression's aggregates take its place, under hidden names. */
    static Ast.Summarize inner(Ast.Summarize s) {
        List<Assign> aggs = new ArrayList<>();
        int[] n = {0};
        for (int i = 0; i < s.aggregates().size(); i++) {
            Assign a = s.aggregates().get(i);
            if (isExpression(a)) {
                int k = i;
                collect(a.expr(), c -> aggs.add(new Assign(c.pos(), HIDDEN + k + "_" + n[0]++, c)));
            } else {
                aggs.add(a);
            }
        }
        return new Ast.Summarize(s.pos(), aggs, s.by());
    }

    /** The project over the inner summarize's columns that computes the expressions in their places. */
    static Ast.Project outer(Ast.Summarize s, List<String> innerNames) {
        Ast.Pos p = s.pos();
        List<Assign> out = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        Set<Integer> done = new HashSet<>();
        int[] hidden = {0};
        int column = 0;
        for (String name : innerNames) {
            if (!name.startsWith(HIDDEN)) {
                out.add(new Assign(p, name, new Ast.Ident(p, name)));
                taken.add(name);
                continue;
            }
            int i = Integer.parseInt(name.substring(HIDDEN.length(), name.indexOf('_', HIDDEN.length())));
            if (!done.add(i)) {
                continue;
            }
            Assign a = s.aggregates().get(i);
            String given = a.name();
            if (given == null) {
                given = nameOf(a.expr());
                if (given == null) {
                    column = ResultNames.nextColumnNumber(column, taken);
                    given = "Column" + column;
                }
                given = ResultNames.unique(given, taken);
            }
            int base = hiddenBase(s, i);
            hidden[0] = base;
            out.add(new Assign(a.pos(), given, replace(a.expr(), i, hidden)));
            taken.add(given);
        }
        return new Ast.Project(p, out);
    }

    /** The number of the first hidden aggregate of expression i (they are numbered across all expressions). */
    private static int hiddenBase(Ast.Summarize s, int i) {
        int n = 0;
        for (int k = 0; k < i; k++) {
            Assign a = s.aggregates().get(k);
            if (isExpression(a)) {
                int[] c = {0};
                collect(a.expr(), x -> c[0]++);
                n += c[0];
            }
        }
        return n;
    }

    private static boolean isExpression(Assign a) {
        return !(a.expr() instanceof Call c && (c.name().equals(Parser.MULTI_ASSIGN)
                || Functions.aggregate(c.name()) != null)) && containsAggregate(a.expr());
    }

    /** tostring(make_set(X)) is set_X: the name passes through functions named after their first argument. */
    private static String nameOf(Ast.Expr e) {
        if (e instanceof Call c && Functions.aggregate(c.name()) != null) {
            return ResultNames.ofAggregate(c);
        }
        if (e instanceof Call c && !c.args().isEmpty() && ResultNames.passesName(c.name())) {
            return nameOf(c.args().get(0));
        }
        return null;
    }

    private static boolean containsAggregate(Ast.Expr e) {
        boolean[] found = {false};
        collect(e, c -> found[0] = true);
        return found[0];
    }

    /** Each outermost aggregate call in e, left to right. */
    private static void collect(Ast.Expr e, java.util.function.Consumer<Call> each) {
        if (e instanceof Call c) {
            if (Functions.aggregate(c.name()) != null) {
                each.accept(c);
                return;
            }
            c.args().forEach(x -> collect(x, each));
        } else if (e instanceof Ast.Binary b) {
            collect(b.left(), each);
            collect(b.right(), each);
        } else if (e instanceof Ast.Unary u) {
            collect(u.operand(), each);
        } else if (e instanceof Ast.Logical l) {
            l.terms().forEach(x -> collect(x, each));
        } else if (e instanceof Ast.ListOp l) {
            collect(l.left(), each);
            l.items().forEach(x -> collect(x, each));
        } else if (e instanceof Ast.Between b) {
            collect(b.value(), each);
            collect(b.low(), each);
            collect(b.high(), each);
        } else if (e instanceof Ast.Member m) {
            collect(m.target(), each);
            if (m.index() != null) {
                collect(m.index(), each);
            }
        }
    }

    /** e with its aggregate calls replaced by the hidden columns that hold them (next[0] numbers them). */
    private static Ast.Expr replace(Ast.Expr e, int i, int[] next) {
        if (e instanceof Call c) {
            if (Functions.aggregate(c.name()) != null) {
                return new Ast.Ident(c.pos(), HIDDEN + i + "_" + next[0]++);
            }
            List<Ast.Expr> args = new ArrayList<>();
            c.args().forEach(x -> args.add(replace(x, i, next)));
            return new Call(c.pos(), c.name(), args);
        }
        if (e instanceof Ast.Binary b) {
            Ast.Expr l = replace(b.left(), i, next);
            return new Ast.Binary(b.pos(), b.op(), l, replace(b.right(), i, next));
        }
        if (e instanceof Ast.Unary u) {
            return new Ast.Unary(u.pos(), u.op(), replace(u.operand(), i, next));
        }
        if (e instanceof Ast.Logical l) {
            List<Ast.Expr> terms = new ArrayList<>();
            l.terms().forEach(x -> terms.add(replace(x, i, next)));
            return new Ast.Logical(l.pos(), l.and(), terms);
        }
        if (e instanceof Ast.ListOp l) {
            Ast.Expr left = replace(l.left(), i, next);
            List<Ast.Expr> items = new ArrayList<>();
            l.items().forEach(x -> items.add(replace(x, i, next)));
            return new Ast.ListOp(l.pos(), l.op(), left, items);
        }
        if (e instanceof Ast.Between b) {
            Ast.Expr v = replace(b.value(), i, next);
            Ast.Expr lo = replace(b.low(), i, next);
            return new Ast.Between(b.pos(), b.negated(), v, lo, replace(b.high(), i, next));
        }
        if (e instanceof Ast.Member m) {
            Ast.Expr t = replace(m.target(), i, next);
            return new Ast.Member(m.pos(), t, m.key(), m.index() == null ? null : replace(m.index(), i, next));
        }
        return e;
    }
}
