package dev.hookline.kql.eval;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.eval.fn.CallSite;
import dev.hookline.kql.eval.fn.ConversionFunctions;
import dev.hookline.kql.eval.fn.DynamicFunctions;
import dev.hookline.kql.eval.fn.FunctionDef;
import dev.hookline.kql.eval.fn.Functions;
import dev.hookline.kql.expr.ArithNodes;
import dev.hookline.kql.expr.CompareNodes;
import dev.hookline.kql.expr.LogicNodes;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.expr.Order;
import dev.hookline.kql.expr.Re2;
import dev.hookline.kql.expr.RegexMatch;
import dev.hookline.kql.expr.StringOpNodes;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.*;
import dev.hookline.kql.parse.KType;
import dev.hookline.kql.parse.Parser;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.SentinelColumns;
import java.util.ArrayList;
import java.util.List;

/** Type-checks a scalar expression against a schema and compiles it to a {@link Node}. */
public final class ExprCompiler {
    private final Schema schema;
    private final CompileContext ctx;

    ExprCompiler(Schema schema, CompileContext ctx) {
        this.schema = schema;
        this.ctx = ctx;
    }

    static KqlException error(Pos p, String msg) {
        return new KqlException(p.line(), p.column(), msg);
    }

    public Node compile(Expr e) {
        Node n = compileRaw(e);
        if (n.isConstant() && !(n instanceof Nodes.Const)) {
            n = Nodes.Const.fold(n);
        }
        return n;
    }

    /** A bool expression; a dynamic value is read as a bool (true/false, non-zero), as Kusto does. */
    Node compileBool(Expr e, String where) {
        Node n = compile(e);
        if (n.type == KType.DYNAMIC) {
            return ConversionFunctions.fromDynamic(n, KType.BOOL);
        }
        if (n.type != KType.BOOL) {
            throw error(e.pos(), where + " needs a bool expression but this is " + n.type.kustoName());
        }
        return n;
    }

    private Node compileRaw(Expr e) {
        if (e instanceof Lit) {
            return literal((Lit) e);
        }
        if (e instanceof Ident) {
            return ident((Ident) e);
        }
        if (e instanceof Ast.Logical) {
            Ast.Logical l = (Ast.Logical) e;
            Node[] terms = new Node[l.terms().size()];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = compileBool(l.terms().get(i), "'" + (l.and() ? "and" : "or") + "'");
            }
            if (ctx.reorder) {
                terms = l.and() ? Order.forAnd(terms) : Order.forOr(StringOpNodes.mergeOrOfStrOps(terms));
                if (terms.length == 1 && terms[0] instanceof StringOpNodes.StrList) {
                    return terms[0]; // TRUE or FALSE like the or it replaces
                }
            }
            return l.and() ? new LogicNodes.And(terms) : new LogicNodes.Or(terms);
        }
        if (e instanceof Binary) {
            return binary((Binary) e);
        }
        if (e instanceof ListOp) {
            return listOp((ListOp) e);
        }
        if (e instanceof Ast.Between) {
            Ast.Between b = (Ast.Between) e;
            Node lo = compile(b.low());
            Node hi = compile(b.high());
            Node v = coerceDynamic(compile(b.value()), lo);
            if (!(comparable(v, lo) && comparable(v, hi)) || v.type.isText()) {
                throw error(b.pos(), "'between' needs numbers, datetimes or timespans of one kind");
            }
            return new CompareNodes.Between(b.negated(), v, lo, hi);
        }
        if (e instanceof Unary) {
            Unary u = (Unary) e;
            Node n = compile(u.operand());
            if (!(n.type.isNumber() || n.type == KType.TIMESPAN)) {
                throw error(u.pos(), "unary '" + u.op() + "' needs a number or timespan, not " + n.type.kustoName());
            }
            return u.op().equals("-") ? new ArithNodes.Negate(n) : n;
        }
        if (e instanceof Member m) {
            return member(m);
        }
        if (e instanceof Subquery) {
            throw error(e.pos(), "a tabular expression is only allowed here inside in (...), has_any (...),"
                    + " has_all (...) or toscalar(...)");
        }
        return call((Call) e);
    }

    private static Node literal(Lit l) {
        Object v = l.value();
        switch (l.type()) {
            case STRING: return Nodes.Const.ofString((String) v);
            case REAL: return v == null ? Nodes.Const.nullOf(KType.REAL) : Nodes.Const.ofReal((Double) v);
            case BOOL: return Nodes.Const.ofLong(KType.BOOL, v == null ? Node.NULL : ((Boolean) v) ? 1 : 0);
            case DYNAMIC: return Nodes.Const.ofDynamic(v);
            default: return Nodes.Const.ofLong(l.type(), v == null ? Node.NULL : (Long) v);
        }
    }

    private Node ident(Ident id) {
        String name = id.name();
        if (name.equals("*")) {
            throw error(id.pos(), "'*' (every column) is allowed only as an argument of arg_max, arg_min, any and"
                    + " take_any in summarize");
        }
        Node n = schema.find(name);
        if (n != null) {
            return n;
        }
        if (schema.outer != null && schema.outer.containsKey(name)) {
            return Nodes.Const.nullOf(schema.outer.get(name));
        }
        Node let = ctx.scalarLets.get(name);
        if (let != null) {
            return let;
        }
        Column col = Columns.byName(name);
        if (col != null && schema.origin != null && !schema.origin.has(col) && SentinelColumns.byName(name) == null) {
            ctx.warnings.add(schema.origin.name() + " has no column " + name
                    + "; it reads as empty (Sentinel would reject this query)");
            return Nodes.Const.nullOf(KType.of(col.type()));
        }
        if (col != null && schema.origin != null) {
            throw error(id.pos(), "column '" + name + "' is not in the input here (projected away?)");
        }
        for (String have : schema.names) {
            if (have.equalsIgnoreCase(name)) {
                throw error(id.pos(), "unknown column '" + name + "'; did you mean '" + have + "'?");
            }
        }
        for (String have : ctx.scalarLets.keySet()) {
            if (have.equalsIgnoreCase(name)) {
                throw error(id.pos(), "unknown name '" + name + "'; did you mean '" + have + "'?");
            }
        }
        if (col != null) {
            throw error(id.pos(), "column '" + name + "' is not in the input here (an operator before this point,"
                    + " such as summarize or project, did not keep it)");
        }
        Column ci = Columns.byNameIgnoreCase(name);
        if (ci != null) {
            throw error(id.pos(), "unknown column '" + name + "'; did you mean '" + ci.name() + "'?");
        }
        throw error(id.pos(), "unknown column '" + name + "'" + (ctx.unpacked.isEmpty() ? ""
                : " (the columns of bag_unpack without an output schema are the properties its input holds, and"
                        + " no bag in this data has '" + name + "'; declare them, as in bag_unpack(Col) : (*, "
                        + name + ":string), to have the column whatever the data)"));
    }

    /** {@code x.key}, {@code x["key"]}, {@code x[i]} on a dynamic value. */
    private Node member(Member m) {
        Node target = compile(m.target());
        String what = m.key() != null ? "'." + m.key() + "'" : "'[...]'";
        if (target.type != KType.DYNAMIC) {
            throw error(m.pos(), what + " needs a dynamic value but this is " + target.type.kustoName()
                    + (target.type == KType.STRING ? "; parse JSON text with parse_json() first" : ""));
        }
        Node index = null;
        if (m.index() != null) {
            index = compile(m.index());
            if (!(index.type.isText() || index.type.isNumber())) {
                throw error(m.index().pos(), "an index needs a number or a string key, not " + index.type.kustoName());
            }
        }
        return DynamicFunctions.access(target, m.key(), index);
    }

    /**
     * A dynamic operand used with a number, bool, datetime or timespan is converted to that kind, as Kusto does
     * ({@code x.count > 3}, {@code x.enabled == true}); numbers compare as reals so 3 and 3.0 are equal.
     */
    private static Node coerceDynamic(Node n, Node other) {
        if (n.type != KType.DYNAMIC || other.type.isText()) {
            return n;
        }
        return ConversionFunctions.fromDynamic(n, other.type.isNumber() ? KType.REAL : other.type);
    }

    private static boolean comparable(Node a, Node b) {
        KType x = a.type;
        KType y = b.type;
        if (x.isText() && y.isText()) {
            return true;
        }
        if (x.isNumber() && y.isNumber()) {
            return true;
        }
        return x == y;
    }

    private Node binary(Binary b) {
        String op = b.op();
        Node l0 = compile(b.left());
        Node r0 = compile(b.right());
        Node l = coerceDynamic(l0, r0);
        Node r = coerceDynamic(r0, l0);
        CompareNodes.Cmp cmp = CompareNodes.Cmp.of(op);
        if (cmp != null) {
            // Kusto compares a number with text as numbers (RemotePort == "3389"; text that is no number is
            // null, so the test is false) and a bool with a number as 0/1 (IsCertificateValid == 1)
            if (l.type.isNumber() && r.type.isText()) {
                r = ConversionFunctions.real(r);
            } else if (l.type.isText() && r.type.isNumber()) {
                l = ConversionFunctions.real(l);
            }
            if (l.type == KType.BOOL && r.type.isNumber() || l.type.isNumber() && r.type == KType.BOOL) {
                return l.type == KType.REAL || r.type == KType.REAL ? new CompareNodes.CmpReal(cmp, l, r)
                        : new CompareNodes.CmpLong(cmp, l, r);
            }
            if (!comparable(l, r)) {
                throw error(b.pos(), "cannot compare " + l.type.kustoName() + " with " + r.type.kustoName()
                        + " using '" + op + "'");
            }
            if (l.type.isText()) {
                return new CompareNodes.CmpString(cmp, l, r);
            }
            if (l.type == KType.REAL || r.type == KType.REAL) {
                return new CompareNodes.CmpReal(cmp, l, r);
            }
            return new CompareNodes.CmpLong(cmp, l, r);
        }
        if (op.equals("=~") || op.equals("!~")) {
            return new StringOpNodes.StrOp(StringOpNodes.StrKind.EQUALS, true, op.startsWith("!"), asText(l), r);
        }
        if (op.equals("matches regex")) {
            return regex(b, l, r);
        }
        if (op.length() == 1 && "+-*/%".contains(op)) {
            return arithmetic(b.pos(), op.charAt(0), l, r);
        }
        boolean negate = op.startsWith("!");
        String base = negate ? op.substring(1) : op;
        boolean cs = base.endsWith("_cs");
        if (cs) {
            base = base.substring(0, base.length() - 3);
        }
        StringOpNodes.StrKind kind;
        switch (base) {
            case "has": kind = StringOpNodes.StrKind.HAS; break;
            case "hasprefix": kind = StringOpNodes.StrKind.HASPREFIX; break;
            case "hassuffix": kind = StringOpNodes.StrKind.HASSUFFIX; break;
            case "contains": kind = StringOpNodes.StrKind.CONTAINS; break;
            case "startswith": kind = StringOpNodes.StrKind.STARTSWITH; break;
            case "endswith": kind = StringOpNodes.StrKind.ENDSWITH; break;
            default: throw error(b.pos(), "unknown operator '" + op + "'");
        }
        return new StringOpNodes.StrOp(kind, !cs, negate, asText(l), r);
    }

    /** {@code matches regex}: the pattern must be a constant (compiled once); RE2 syntax is checked, see Re2. */
    private Node regex(Binary b, Node l, Node r) {
        if (!r.isConstant() || !r.type.isText()) {
            throw error(b.right().pos(), "'matches regex' needs a constant string pattern, e.g. @\"^curl\\s\"");
        }
        String re = r.evalString(null);
        java.util.regex.Pattern p;
        try {
            p = Re2.compile(re);
        } catch (Re2.Unsupported e) {
            throw error(b.right().pos(), "bad regular expression for 'matches regex': " + e.getMessage());
        }
        return new RegexMatch(asText(l), p);
    }

    /** String operators apply to the text form of non-string values (as Kusto converts them). */
    private static Node asText(Node n) {
        return ConversionFunctions.text(n);
    }

    private static Node arithmetic(Pos p, char op, Node l, Node r) {
        KType a = l.type;
        KType b = r.type;
        if (a.isNumber() && b.isNumber()) {
            if (a == KType.REAL || b == KType.REAL) {
                return new ArithNodes.ArithReal(op, l, r);
            }
            return new ArithNodes.ArithLong(a == KType.INT && b == KType.INT ? KType.INT : KType.LONG, op, l, r);
        }
        if (op == '-' && a == KType.DATETIME && b == KType.DATETIME) {
            return new ArithNodes.ArithLong(KType.TIMESPAN, op, l, r);
        }
        if ((op == '+' || op == '-') && a == KType.DATETIME && b == KType.TIMESPAN) {
            return new ArithNodes.ArithLong(KType.DATETIME, op, l, r);
        }
        if (op == '+' && a == KType.TIMESPAN && b == KType.DATETIME) {
            return new ArithNodes.ArithLong(KType.DATETIME, op, l, r);
        }
        if ((op == '+' || op == '-') && a == KType.TIMESPAN && b == KType.TIMESPAN) {
            return new ArithNodes.ArithLong(KType.TIMESPAN, op, l, r);
        }
        if (op == '/' && a == KType.TIMESPAN && b == KType.TIMESPAN) {
            return new ArithNodes.ArithReal(op, l, r);
        }
        if ((op == '*' || op == '/') && a == KType.TIMESPAN && b.isNumber()) {
            return b == KType.REAL ? new ArithNodes.ScaleTimespan(op == '/', l, r)
                    : new ArithNodes.ArithLong(KType.TIMESPAN, op, l, r);
        }
        if (op == '*' && a.isNumber() && b == KType.TIMESPAN) {
            return a == KType.REAL ? new ArithNodes.ScaleTimespan(false, r, l) : new ArithNodes.ArithLong(KType.TIMESPAN, op, l, r);
        }
        throw error(p, "operator '" + op + "' cannot combine " + a.kustoName() + " and " + b.kustoName());
    }

    private Node listOp(ListOp lo) {
        if (Subqueries.hasSubquery(lo)) {
            return Subqueries.listOp(this, lo, ctx);
        }
        String op = lo.op();
        Node left = compile(lo.left());
        List<Node> items = new ArrayList<>();
        for (Expr it : lo.items()) {
            Node n = compile(it);
            Nodes.flatten(n, items);
        }
        boolean hasOp = op.startsWith("has_");
        if (hasOp) {
            if (items.isEmpty()) {
                throw error(lo.pos(), "'" + op + "' needs at least one value");
            }
            List<String> consts = new ArrayList<>();
            List<Node> dyn = new ArrayList<>();
            split(items, consts, dyn);
            return new StringOpNodes.StrList(StringOpNodes.StrKind.HAS, true, op.equals("has_all"), false, asText(left), consts, dyn);
        }
        boolean negate = op.startsWith("!");
        boolean ci = op.endsWith("~");
        if (!ci && !left.type.isText()) {
            List<Node> nums = new ArrayList<>();
            for (Node n : items) {
                if (n.type == KType.DYNAMIC && !n.isConstant()) {
                    nums.add(n); // an array computed per row: its elements are compared (InNumber)
                    continue;
                }
                if (n.type.isText()) {
                    if (!n.isConstant()) {
                        throw error(lo.pos(), "'" + op + "' compares " + left.type.kustoName() + " with string");
                    }
                    continue; // a string constant never equals a number (Kusto would reject the mix)
                }
                if (!comparable(left, n)) {
                    throw error(lo.pos(), "'" + op + "' compares " + left.type.kustoName() + " with "
                            + n.type.kustoName());
                }
                nums.add(n);
            }
            return new CompareNodes.InNumber(negate, left, nums);
        }
        List<String> consts = new ArrayList<>();
        List<Node> dyn = new ArrayList<>();
        split(items, consts, dyn);
        return new StringOpNodes.StrList(StringOpNodes.StrKind.EQUALS, ci, false, negate, asText(left), consts, dyn);
    }

    private static void split(List<Node> items, List<String> consts, List<Node> dyn) {
        for (Node n : items) {
            if (n.isConstant()) {
                consts.add(Values.text(n, null));
            } else {
                dyn.add(n);
            }
        }
    }

    private Node call(Call c) {
        if (c.name().equals(Parser.MULTI_ASSIGN)) {
            throw error(c.pos(), "assigning several columns at once, (a, b) = ..., is supported only for a"
                    + " summarize aggregate with several columns (arg_max, arg_min, any, take_any, percentiles)");
        }
        Node hooked = Subqueries.hook(this, c, ctx); // toscalar, user-defined functions, row_number/prev/next
        if (hooked != null) {
            return hooked;
        }
        FunctionDef def = Functions.scalar(c.name());
        if (def != null) {
            return def.compile(site(c));
        }
        if (Functions.aggregate(c.name()) != null) {
            throw error(c.pos(), "aggregate function '" + c.name() + "' is only allowed in summarize");
        }
        String hint = Functions.suggest(c.name());
        throw error(c.pos(), "unknown function '" + c.name() + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?"));
    }

    /** The call as the function table sees it: arguments compiled here, against this schema, once each. */
    CallSite site(Call c) {
        return new Site(c);
    }

    private final class Site implements CallSite {
        private final Call call;
        private final Node[] compiled;

        Site(Call call) {
            this.call = call;
            this.compiled = new Node[call.args().size()];
        }

        @Override
        public String name() {
            return call.name();
        }

        @Override
        public Pos pos() {
            return call.pos();
        }

        @Override
        public int size() {
            return compiled.length;
        }

        @Override
        public Node arg(int i) {
            if (compiled[i] == null) {
                compiled[i] = compile(call.args().get(i));
            }
            return compiled[i];
        }

        @Override
        public Pos argPos(int i) {
            return call.args().get(i).pos();
        }

        @Override
        public Expr expr(int i) {
            return call.args().get(i);
        }

        @Override
        public Node column(String name) {
            return schema.find(name);
        }

        @Override
        public Node text(int i) {
            return asText(arg(i));
        }

        @Override
        public Node bool(int i) {
            Node n = arg(i);
            if (n.type == KType.DYNAMIC) {
                return ConversionFunctions.fromDynamic(n, KType.BOOL);
            }
            if (n.type != KType.BOOL) {
                throw ExprCompiler.error(argPos(i), call.name() + "() needs a bool expression but this is " + n.type.kustoName());
            }
            return n;
        }

        @Override
        public KqlException error(String message) {
            return ExprCompiler.error(call.pos(), message);
        }

        @Override
        public KqlException error(int i, String message) {
            return ExprCompiler.error(argPos(i), message);
        }

        @Override
        public void warn(String message) {
            ctx.warnings.add("line " + call.pos().line() + ", column " + call.pos().column() + ": " + message);
        }

        @Override
        public void notice(String message) {
            ctx.warnings.add(message);
        }

        @Override
        public dev.hookline.kql.KqlOptions options() {
            return ctx.options;
        }

        @Override
        public void usesProcessAncestry() {
            if (ctx.ancestryUse == null) {
                ctx.ancestryUse = call.pos();
            }
        }
    }
}
