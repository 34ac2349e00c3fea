package dev.hookline.kql.eval;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Ast.*;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.SentinelColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Type-checks a scalar expression against a schema and compiles it to a {@link Node}. */
public final class ExprCompiler {
    private static final Set<String> AGGREGATES = Set.of("count", "countif", "dcount", "dcountif", "sum", "sumif",
            "min", "max", "avg", "make_set", "make_list", "take_any", "any", "arg_max", "arg_min");

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

    Node compileBool(Expr e, String where) {
        Node n = compile(e);
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
                terms = l.and() ? Order.forAnd(terms) : Order.forOr(Nodes.mergeOrOfStrOps(terms));
                if (terms.length == 1 && terms[0] instanceof Nodes.StrList) {
                    return terms[0]; // TRUE or FALSE like the or it replaces
                }
            }
            return l.and() ? new Nodes.And(terms) : new Nodes.Or(terms);
        }
        if (e instanceof Binary) {
            return binary((Binary) e);
        }
        if (e instanceof ListOp) {
            return listOp((ListOp) e);
        }
        if (e instanceof Ast.Between) {
            Ast.Between b = (Ast.Between) e;
            Node v = compile(b.value());
            Node lo = compile(b.low());
            Node hi = compile(b.high());
            if (!(comparable(v, lo) && comparable(v, hi)) || v.type.isText()) {
                throw error(b.pos(), "'between' needs numbers, datetimes or timespans of one kind");
            }
            return new Nodes.Between(b.negated(), v, lo, hi);
        }
        if (e instanceof Unary) {
            Unary u = (Unary) e;
            Node n = compile(u.operand());
            if (!(n.type.isNumber() || n.type == KType.TIMESPAN)) {
                throw error(u.pos(), "unary '" + u.op() + "' needs a number or timespan, not " + n.type.kustoName());
            }
            return u.op().equals("-") ? new Nodes.Negate(n) : n;
        }
        if (e instanceof Member) {
            throw error(e.pos(), "dynamic property access ('.' or '[...]') is not supported");
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
        Column ci = Columns.byNameIgnoreCase(name);
        if (ci != null) {
            throw error(id.pos(), "unknown column '" + name + "'; did you mean '" + ci.name() + "'?");
        }
        if (col != null) {
            throw error(id.pos(), "column '" + name + "' is not in the input here");
        }
        throw error(id.pos(), "unknown column '" + name + "'");
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
        Node l = compile(b.left());
        Node r = compile(b.right());
        Nodes.Cmp cmp = Nodes.Cmp.of(op);
        if (cmp != null) {
            if (!comparable(l, r)) {
                throw error(b.pos(), "cannot compare " + l.type.kustoName() + " with " + r.type.kustoName()
                        + " using '" + op + "'");
            }
            if (l.type.isText()) {
                return new Nodes.CmpString(cmp, l, r);
            }
            if (l.type == KType.REAL || r.type == KType.REAL) {
                return new Nodes.CmpReal(cmp, l, r);
            }
            return new Nodes.CmpLong(cmp, l, r);
        }
        if (op.equals("=~") || op.equals("!~")) {
            return new Nodes.StrOp(Nodes.StrKind.EQUALS, true, op.startsWith("!"), asText(l), r);
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
        Nodes.StrKind kind;
        switch (base) {
            case "has": kind = Nodes.StrKind.HAS; break;
            case "hasprefix": kind = Nodes.StrKind.HASPREFIX; break;
            case "hassuffix": kind = Nodes.StrKind.HASSUFFIX; break;
            case "contains": kind = Nodes.StrKind.CONTAINS; break;
            case "startswith": kind = Nodes.StrKind.STARTSWITH; break;
            case "endswith": kind = Nodes.StrKind.ENDSWITH; break;
            default: throw error(b.pos(), "unknown operator '" + op + "'");
        }
        return new Nodes.StrOp(kind, !cs, negate, asText(l), r);
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
        return n.type.isText() ? n : new Nodes.StringFn(Nodes.StringFn.Fn.TOSTRING, new Node[] {n});
    }

    private static Node arithmetic(Pos p, char op, Node l, Node r) {
        KType a = l.type;
        KType b = r.type;
        if (a.isNumber() && b.isNumber()) {
            if (a == KType.REAL || b == KType.REAL) {
                return new Nodes.ArithReal(op, l, r);
            }
            return new Nodes.ArithLong(a == KType.INT && b == KType.INT ? KType.INT : KType.LONG, op, l, r);
        }
        if (op == '-' && a == KType.DATETIME && b == KType.DATETIME) {
            return new Nodes.ArithLong(KType.TIMESPAN, op, l, r);
        }
        if ((op == '+' || op == '-') && a == KType.DATETIME && b == KType.TIMESPAN) {
            return new Nodes.ArithLong(KType.DATETIME, op, l, r);
        }
        if (op == '+' && a == KType.TIMESPAN && b == KType.DATETIME) {
            return new Nodes.ArithLong(KType.DATETIME, op, l, r);
        }
        if ((op == '+' || op == '-') && a == KType.TIMESPAN && b == KType.TIMESPAN) {
            return new Nodes.ArithLong(KType.TIMESPAN, op, l, r);
        }
        if (op == '/' && a == KType.TIMESPAN && b == KType.TIMESPAN) {
            return new Nodes.ArithReal(op, l, r);
        }
        if ((op == '*' || op == '/') && a == KType.TIMESPAN && b.isNumber()) {
            return b == KType.REAL ? new Nodes.ScaleTimespan(op == '/', l, r)
                    : new Nodes.ArithLong(KType.TIMESPAN, op, l, r);
        }
        if (op == '*' && a.isNumber() && b == KType.TIMESPAN) {
            return a == KType.REAL ? new Nodes.ScaleTimespan(false, r, l) : new Nodes.ArithLong(KType.TIMESPAN, op, l, r);
        }
        throw error(p, "operator '" + op + "' cannot combine " + a.kustoName() + " and " + b.kustoName());
    }

    private Node listOp(ListOp lo) {
        String op = lo.op();
        Node left = compile(lo.left());
        List<Node> items = new ArrayList<>();
        for (Expr it : lo.items()) {
            Node n = compile(it);
            flatten(n, items);
        }
        boolean hasOp = op.startsWith("has_");
        if (hasOp) {
            if (items.isEmpty()) {
                throw error(lo.pos(), "'" + op + "' needs at least one value");
            }
            List<String> consts = new ArrayList<>();
            List<Node> dyn = new ArrayList<>();
            split(items, consts, dyn);
            return new Nodes.StrList(Nodes.StrKind.HAS, true, op.equals("has_all"), false, asText(left), consts, dyn);
        }
        boolean negate = op.startsWith("!");
        boolean ci = op.endsWith("~");
        if (!ci && !left.type.isText()) {
            List<Node> nums = new ArrayList<>();
            for (Node n : items) {
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
            return new Nodes.InNumber(negate, left, nums);
        }
        List<String> consts = new ArrayList<>();
        List<Node> dyn = new ArrayList<>();
        split(items, consts, dyn);
        return new Nodes.StrList(Nodes.StrKind.EQUALS, ci, false, negate, asText(left), consts, dyn);
    }

    /** in and has_any flatten dynamic arrays (nested ones too) into their elements. */
    static void flatten(Node n, List<Node> out) {
        if (n instanceof Nodes.Const && ((Nodes.Const) n).list != null) {
            flattenList(((Nodes.Const) n).list, out, 0);
        } else if (n instanceof Nodes.Const && n.type == KType.DYNAMIC && n.isNull(null)) {
            // dynamic(null) contributes nothing
        } else {
            out.add(n);
        }
    }

    private static void flattenList(List<?> list, List<Node> out, int depth) {
        for (Object o : list) {
            if (o instanceof List && depth < 100) {
                flattenList((List<?>) o, out, depth + 1);
            } else if (o instanceof String) {
                out.add(Nodes.Const.ofString((String) o));
            } else if (o instanceof Long) {
                out.add(Nodes.Const.ofLong(KType.LONG, (Long) o));
            } else if (o instanceof Double) {
                out.add(Nodes.Const.ofReal((Double) o));
            } else if (o instanceof Boolean) {
                out.add(Nodes.Const.ofLong(KType.BOOL, ((Boolean) o) ? 1 : 0));
            }
        }
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

    private void arity(Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            String want = min == max ? String.valueOf(min) : min + " to " + max;
            throw error(c.pos(), "function '" + c.name() + "' takes " + want + " argument(s), got " + n);
        }
    }

    private Node arg(Call c, int i) {
        return compile(c.args().get(i));
    }

    private Node call(Call c) {
        String name = c.name();
        switch (name) {
            case "ago": {
                arity(c, 1, 1);
                Node span = arg(c, 0);
                if (span.type != KType.TIMESPAN) {
                    throw error(c.pos(), "ago() needs a timespan such as 24h, not " + span.type.kustoName());
                }
                return new Nodes.Now(span, true);
            }
            case "now": {
                arity(c, 0, 1);
                if (c.args().isEmpty()) {
                    return new Nodes.Now(null, false);
                }
                Node span = arg(c, 0);
                if (span.type != KType.TIMESPAN) {
                    throw error(c.pos(), "now() offset must be a timespan");
                }
                return new Nodes.Now(span, false);
            }
            case "not": {
                arity(c, 1, 1);
                return new Nodes.Not(compileBool(c.args().get(0), "not()"));
            }
            case "isempty":
            case "isnotempty":
                arity(c, 1, 1);
                return new Nodes.IsEmpty(arg(c, 0), name.equals("isnotempty"));
            case "isnull":
            case "isnotnull":
                arity(c, 1, 1);
                return new Nodes.IsNull(arg(c, 0), name.equals("isnotnull"));
            case "tolower":
            case "toupper":
                arity(c, 1, 1);
                return new Nodes.StringFn(name.equals("tolower") ? Nodes.StringFn.Fn.TOLOWER
                        : Nodes.StringFn.Fn.TOUPPER, new Node[] {asText(arg(c, 0))});
            case "tostring":
                arity(c, 1, 1);
                return new Nodes.StringFn(Nodes.StringFn.Fn.TOSTRING, new Node[] {arg(c, 0)});
            case "strcat": {
                arity(c, 1, 64);
                Node[] args = new Node[c.args().size()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = arg(c, i);
                }
                return new Nodes.StringFn(Nodes.StringFn.Fn.STRCAT, args);
            }
            case "strlen":
                arity(c, 1, 1);
                return new Nodes.Strlen(asText(arg(c, 0)));
            case "iff":
            case "iif": {
                arity(c, 3, 3);
                Node cond = compileBool(c.args().get(0), name + "()");
                Node a = arg(c, 1);
                Node b = arg(c, 2);
                KType t = unify(a, b);
                if (t == null) {
                    throw error(c.pos(), name + "() branches have different types: " + a.type.kustoName() + " and "
                            + b.type.kustoName());
                }
                if (t == KType.REAL) {
                    a = a.type == KType.REAL ? a : new Nodes.ToReal(a);
                    b = b.type == KType.REAL ? b : new Nodes.ToReal(b);
                }
                return new Nodes.Iff(t, cond, a, b);
            }
            case "tolong":
            case "toint":
            case "todatetime": {
                arity(c, 1, 1);
                KType t = name.equals("tolong") ? KType.LONG : name.equals("toint") ? KType.INT : KType.DATETIME;
                Node a = arg(c, 0);
                if (t == KType.DATETIME && !(a.type.isText() || a.type == KType.DATETIME)) {
                    throw error(c.pos(), "todatetime() needs a string or datetime");
                }
                return new Nodes.ToLong(t, a);
            }
            case "toreal":
            case "todouble":
                arity(c, 1, 1);
                return new Nodes.ToReal(arg(c, 0));
            case "bin":
            case "floor": {
                arity(c, 2, 2);
                Node v = arg(c, 0);
                Node size = arg(c, 1);
                boolean ok = (v.type == KType.DATETIME && size.type == KType.TIMESPAN)
                        || (v.type == KType.TIMESPAN && size.type == KType.TIMESPAN)
                        || (v.type.isNumber() && size.type.isNumber());
                if (!ok) {
                    throw error(c.pos(), name + "() needs (number, number), (datetime, timespan) or (timespan, timespan)");
                }
                if (v.type == KType.REAL || size.type == KType.REAL) {
                    return new Nodes.Bin(v.type == KType.REAL ? v : new Nodes.ToReal(v),
                            size.type == KType.REAL ? size : new Nodes.ToReal(size));
                }
                return new Nodes.Bin(v, size);
            }
            case Ancestry.NAME:
            case Ancestry.CMDLINE:
                return Ancestry.compile(this, c, ctx);
            case "ipv4_is_in_range":
            case "ipv6_is_in_range": {
                arity(c, 2, 2);
                Node ip = asText(arg(c, 0));
                Node range = asText(arg(c, 1));
                warnIfBadConstant(c, range, name.startsWith("ipv4"));
                return name.startsWith("ipv4") ? new IpFunctions.V4InRange(ip, range)
                        : new IpFunctions.V6InRange(ip, range);
            }
            case "ipv4_is_private":
                arity(c, 1, 1);
                return new IpFunctions.V4IsPrivate(asText(arg(c, 0)));
            case "ipv4_is_match": {
                arity(c, 2, 3);
                Node prefix = null;
                if (c.args().size() == 3) {
                    prefix = arg(c, 2);
                    if (!(prefix.type == KType.INT || prefix.type == KType.LONG)) {
                        throw error(c.args().get(2).pos(), "ipv4_is_match() prefix must be a whole number");
                    }
                }
                return new IpFunctions.V4IsMatch(asText(arg(c, 0)), asText(arg(c, 1)), prefix);
            }
            case WrittenBy.BY:
            case WrittenBy.BELOW:
                return WrittenBy.compile(this, c, ctx);
            default:
                if (AGGREGATES.contains(name)) {
                    throw error(c.pos(), "aggregate function '" + name + "' is only allowed in summarize");
                }
                throw error(c.pos(), "unknown function '" + name + "'");
        }
    }

    /** Kusto reads an unparsable range as null (the function never matches); say so when it is a constant. */
    private void warnIfBadConstant(Call c, Node range, boolean v4) {
        if (!range.isConstant()) {
            return;
        }
        String text = range.evalString(null);
        boolean ok = v4 ? IpText.v4(text) != IpText.INVALID : IpText.v6(text, new long[3]);
        if (!ok) {
            ctx.warnings.add("line " + c.pos().line() + ", column " + c.pos().column() + ": " + c.name() + "() range '"
                    + text + "' is not valid IP-prefix notation; the function returns null (never true)");
        }
    }

    private static KType unify(Node a, Node b) {
        if (a.type == b.type) {
            return a.type;
        }
        if (a.type.isNumber() && b.type.isNumber()) {
            return (a.type == KType.REAL || b.type == KType.REAL) ? KType.REAL : KType.LONG;
        }
        if (a.type.isText() && b.type.isText()) {
            return KType.STRING;
        }
        return null;
    }
}
