package dev.hookline.kql.parse;

import dev.hookline.kql.parse.Ast.Between;
import dev.hookline.kql.parse.Ast.Binary;
import dev.hookline.kql.parse.Ast.Call;
import dev.hookline.kql.parse.Ast.Expr;
import dev.hookline.kql.parse.Ast.Ident;
import dev.hookline.kql.parse.Ast.Let;
import dev.hookline.kql.parse.Ast.Lit;
import dev.hookline.kql.parse.Ast.Logical;
import dev.hookline.kql.parse.Ast.NameRef;
import dev.hookline.kql.parse.Ast.Nested;
import dev.hookline.kql.parse.Ast.Op;
import dev.hookline.kql.parse.Ast.Query;
import dev.hookline.kql.parse.Ast.Tabular;
import dev.hookline.kql.parse.Ast.UnionSource;
import dev.hookline.kql.parse.Ast.Where;
import dev.hookline.schema.Table;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How far back a query reads, from its own filters: every read of a device table is bounded by a leading
 * {@code where Timestamp > ago(T)} (or {@code >=}, {@code between (ago(T) .. ...)}, {@code TimeGenerated}, T a
 * literal or a scalar {@code let}), and the widest T is the lookback. So a hunt written for Sentinel reads the
 * agent's history for its own window without {@code --since}. A read without such a filter makes it unbounded
 * (empty): the caller keeps to the ring rather than scan days nobody asked for.
 */
public final class Lookback {
    private final Map<String, Long> spans = new HashMap<>();
    private long widest = 0;
    private boolean unbounded;

    private Lookback() {
    }

    /** The query's lookback in nanoseconds, or empty when some table read has no time filter (or it does not parse). */
    public static OptionalLong of(String kql) {
        Query q;
        try {
            q = Parser.parseQuery(kql);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
        Lookback l = new Lookback();
        for (Let let : q.lets()) {
            if (let.scalar() instanceof Lit lit && lit.type() == KType.TIMESPAN && lit.value() instanceof Long n) {
                l.spans.put(let.name(), n);
            }
        }
        l.walk(q, null);
        return l.unbounded || l.widest <= 0 ? OptionalLong.empty() : OptionalLong.of(l.widest);
    }

    /** Finds every tabular expression under {@code node} (lets, joins, unions, subqueries) and bounds it. */
    private void walk(Object node, Long inherited) {
        if (node instanceof Tabular t) {
            tabular(t, inherited);
        } else if (node instanceof List<?> list) {
            for (Object o : list) {
                walk(o, null);
            }
        } else if (node instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    walk(c.getAccessor().invoke(r), null);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void tabular(Tabular t, Long inherited) {
        Long bound = inherited;
        for (Op op : t.ops()) {
            if (!(op instanceof Where w)) {
                break;
            }
            Long b = bound(w.predicate());
            if (b != null) {
                bound = bound == null ? b : Math.min(bound, b);
            }
        }
        if (t.source() instanceof NameRef n) {
            if (Table.byName(n.name()) != null) {
                if (bound == null) {
                    unbounded = true;
                } else {
                    widest = Math.max(widest, bound);
                }
            }
        } else if (t.source() instanceof UnionSource u) {
            for (Tabular in : u.inputs()) {
                tabular(in, bound);
            }
        } else if (t.source() instanceof Nested n) {
            tabular(n.inner(), bound);
        } else {
            walk(t.source(), null);
        }
        walk(t.ops(), null);
    }

    /** The tightest ago() bound among the predicate's and-terms on the time column, or null. */
    private Long bound(Expr e) {
        if (e instanceof Logical l && l.and()) {
            Long out = null;
            for (Expr term : l.terms()) {
                Long b = bound(term);
                if (b != null) {
                    out = out == null ? b : Math.min(out, b);
                }
            }
            return out;
        }
        if (e instanceof Binary b) {
            if ((b.op().equals(">") || b.op().equals(">=")) && isTime(b.left())) {
                return ago(b.right());
            }
            if ((b.op().equals("<") || b.op().equals("<=")) && isTime(b.right())) {
                return ago(b.left());
            }
        }
        if (e instanceof Between b && !b.negated() && isTime(b.value())) {
            return ago(b.low());
        }
        return null;
    }

    private static boolean isTime(Expr e) {
        return e instanceof Ident i && (i.name().equals("Timestamp") || i.name().equals("TimeGenerated"));
    }

    private Long ago(Expr e) {
        if (!(e instanceof Call c) || !c.name().equals("ago") || c.args().size() != 1) {
            return null;
        }
        Expr arg = c.args().get(0);
        if (arg instanceof Lit lit && lit.type() == KType.TIMESPAN && lit.value() instanceof Long n) {
            return n > 0 ? n : null;
        }
        if (arg instanceof Ident i) {
            Long n = spans.get(i.name());
            return n != null && n > 0 ? n : null;
        }
        return null;
    }
}
