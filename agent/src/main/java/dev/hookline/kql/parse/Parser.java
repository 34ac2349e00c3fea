package dev.hookline.kql.parse;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.parse.Ast.*;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the KQL subset Hookline runs. Precedence, loosest first: or, and, comparison and
 * string operators, + -, * / %, unary minus. `not` is an ordinary function. Nesting depth is capped so hostile
 * input gets a KqlException rather than a StackOverflowError.
 */
public final class Parser {
    public static final int MAX_DEPTH = 100;

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<>", "=~", "!~", "<", "<=", ">", ">=");
    private static final Set<String> STRING_OPS = Set.of(
            "has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix", "hassuffix", "!hassuffix",
            "contains", "!contains", "contains_cs", "!contains_cs",
            "startswith", "!startswith", "startswith_cs", "!startswith_cs",
            "endswith", "!endswith", "endswith_cs", "!endswith_cs",
            "matches");
    private static final Set<String> LIST_OPS = Set.of("in", "!in", "in~", "!in~", "has_any", "has_all");

    private final List<Token> toks;
    private int p;
    private int depth;
    private final Set<String> tabularLets = new HashSet<>();
    private final Set<String> scalarLets = new HashSet<>();

    private Parser(List<Token> toks) {
        this.toks = toks;
    }

    public static Query parseQuery(String text) {
        return new Parser(Lexer.tokenize(text)).query();
    }

    /** Parses a lone boolean expression (a `where` body). */
    public static Expr parseExpression(String text) {
        Parser ps = new Parser(Lexer.tokenize(text));
        Expr e = ps.expr();
        ps.expectEof();
        return e;
    }

    // ---- helpers ----

    private Token peek() {
        return toks.get(p);
    }

    private Token peekAt(int ahead) {
        int i = Math.min(p + ahead, toks.size() - 1);
        return toks.get(i);
    }

    private Token next() {
        Token t = toks.get(p);
        if (t.kind() != Token.Kind.EOF) {
            p++;
        }
        return t;
    }

    private boolean at(String s) {
        return peek().is(s);
    }

    private boolean accept(String s) {
        if (at(s)) {
            p++;
            return true;
        }
        return false;
    }

    private Token expect(String s) {
        if (!at(s)) {
            throw errorAt(peek(), "expected '" + s + "' but found " + peek().describe());
        }
        return next();
    }

    private String expectIdent(String what) {
        Token t = peek();
        if (t.kind() != Token.Kind.IDENT) {
            throw errorAt(t, "expected " + what + " but found " + t.describe());
        }
        p++;
        return t.text();
    }

    private void expectEof() {
        if (peek().kind() != Token.Kind.EOF) {
            throw errorAt(peek(), "expected end of query but found " + peek().describe());
        }
    }

    private static KqlException errorAt(Token t, String msg) {
        return new KqlException(t.line(), t.column(), msg);
    }

    private static Pos pos(Token t) {
        return new Pos(t.line(), t.column());
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw errorAt(peek(), "query nested too deeply (limit " + MAX_DEPTH + " levels)");
        }
    }

    private void leave() {
        depth--;
    }

    // ---- statements ----

    private Query query() {
        List<Let> lets = new ArrayList<>();
        Tabular body = null;
        while (true) {
            while (accept(";")) {
                // empty statements are harmless
            }
            if (peek().kind() == Token.Kind.EOF) {
                break;
            }
            if (body != null) {
                throw errorAt(peek(), "expected end of query but found " + peek().describe()
                        + " (only one tabular statement is allowed)");
            }
            if (at("let")) {
                lets.add(let());
                if (peek().kind() != Token.Kind.EOF) {
                    expect(";");
                }
            } else {
                body = tabular();
                if (!at(";") && peek().kind() != Token.Kind.EOF) {
                    throw errorAt(peek(), "expected '|' or end of query but found " + peek().describe());
                }
            }
        }
        if (body == null) {
            Token t = peek();
            throw errorAt(t, "the query has no tabular expression to run (only let statements)");
        }
        return new Query(lets, body);
    }

    private Let let() {
        Token letTok = expect("let");
        Token nameTok = peek();
        String name = expectIdent("a name after 'let'");
        expect("=");
        if (at("(") && peekAt(1).kind() == Token.Kind.IDENT && peekAt(2).is(":")
                || at("(") && peekAt(1).is(")") && peekAt(2).is("{")) {
            throw errorAt(peek(), "user-defined functions are not supported");
        }
        if (startsTabular()) {
            Tabular t = tabular();
            tabularLets.add(name);
            scalarLets.remove(name);
            return new Let(pos(letTok), name, null, t);
        }
        Expr e = expr();
        scalarLets.add(name);
        tabularLets.remove(name);
        if (nameTok.kind() != Token.Kind.IDENT) {
            throw errorAt(nameTok, "expected a name");
        }
        return new Let(pos(letTok), name, e, null);
    }

    /** Whether the tokens at the cursor begin a tabular expression (table, tabular let, union, or one in parens). */
    private boolean startsTabular() {
        int i = 0;
        while (peekAt(i).is("(")) {
            i++;
        }
        Token t = peekAt(i);
        if (t.kind() != Token.Kind.IDENT) {
            return false;
        }
        if (t.text().equals("materialize") && peekAt(i + 1).is("(")) {
            return true;
        }
        return t.text().equals("union") || Table.byName(t.text()) != null || tabularLets.contains(t.text());
    }

    // ---- tabular ----

    private Tabular tabular() {
        enter();
        try {
            Token start = peek();
            Source src = source();
            List<Op> ops = new ArrayList<>();
            while (accept("|")) {
                ops.add(operator());
            }
            return new Tabular(pos(start), src, ops);
        } finally {
            leave();
        }
    }

    private Source source() {
        Token t = peek();
        if (at("(")) {
            next();
            Tabular inner = tabular();
            expect(")");
            return new Nested(pos(t), inner);
        }
        if (t.kind() != Token.Kind.IDENT) {
            throw errorAt(t, "expected a table name but found " + t.describe());
        }
        if (t.text().equals("union")) {
            next();
            return new UnionSource(pos(t), unionArgs());
        }
        if (t.text().equals("materialize") && peekAt(1).is("(")) {
            next();
            next();
            Tabular inner = tabular();
            expect(")");
            return new Nested(pos(t), inner);
        }
        next();
        if (Table.byName(t.text()) == null && !tabularLets.contains(t.text())) {
            throw errorAt(t, unknownTabular(t.text()));
        }
        return new NameRef(pos(t), t.text());
    }

    private String unknownTabular(String name) {
        if (scalarLets.contains(name)) {
            return "'" + name + "' is a scalar let, not a table";
        }
        for (Table tb : Table.values()) {
            if (tb.name().equalsIgnoreCase(name)) {
                return "unknown table '" + name + "'; did you mean '" + tb.name() + "'?";
            }
        }
        for (String l : tabularLets) {
            if (l.equalsIgnoreCase(name)) {
                return "unknown table '" + name + "'; did you mean '" + l + "'?";
            }
        }
        return "unknown table or let name '" + name + "'";
    }

    private List<Tabular> unionArgs() {
        // union parameters: kind=outer (the default and the only kind supported), withsource/isfuzzy are rejected
        while (peek().kind() == Token.Kind.IDENT && peekAt(1).is("=")) {
            Token param = next();
            next();
            Token v = next();
            if (param.text().equals("kind")) {
                if (!v.text().equals("outer")) {
                    throw errorAt(v, "union kind=" + v.text() + " is not supported (only kind=outer)");
                }
            } else {
                throw errorAt(param, "union parameter '" + param.text() + "' is not supported");
            }
        }
        List<Tabular> list = new ArrayList<>();
        do {
            Token t = peek();
            if (at("(")) {
                next();
                list.add(tabular());
                expect(")");
            } else if (t.kind() == Token.Kind.IDENT) {
                next();
                if (Table.byName(t.text()) == null && !tabularLets.contains(t.text())) {
                    throw errorAt(t, unknownTabular(t.text()));
                }
                list.add(new Tabular(pos(t), new NameRef(pos(t), t.text()), List.of()));
            } else {
                throw errorAt(t, "expected a table or '(' after 'union' but found " + t.describe());
            }
        } while (accept(","));
        return list;
    }

    private Op operator() {
        Token t = peek();
        if (t.kind() != Token.Kind.IDENT) {
            throw errorAt(t, "expected an operator after '|' but found " + t.describe());
        }
        next();
        Pos ps = pos(t);
        switch (t.text()) {
            case "where":
            case "filter":
                return new Where(ps, t.text(), expr());
            case "extend":
                return new Extend(ps, assignments());
            case "project":
                return new Project(ps, assignments());
            case "project-away": {
                List<Ident> cols = new ArrayList<>();
                do {
                    Token c = peek();
                    cols.add(new Ident(pos(c), expectIdent("a column name")));
                } while (accept(","));
                return new ProjectAway(ps, cols);
            }
            case "project-rename": {
                List<Assign> list = new ArrayList<>();
                do {
                    Token c = peek();
                    String newName = expectIdent("a new column name");
                    expect("=");
                    Token o = peek();
                    list.add(new Assign(pos(c), newName, new Ident(pos(o), expectIdent("a column name"))));
                } while (accept(","));
                return new ProjectRename(ps, list);
            }
            case "sort":
            case "order": {
                if (!accept("by")) {
                    throw errorAt(peek(), "expected 'by' but found " + peek().describe());
                }
                List<SortKey> keys = new ArrayList<>();
                do {
                    keys.add(sortKey());
                } while (accept(","));
                return new Sort(ps, t.text(), keys);
            }
            case "take":
            case "limit":
                return new Take(ps, t.text(), expr());
            case "top": {
                Expr n = expr();
                if (!accept("by")) {
                    throw errorAt(peek(), "expected 'by' but found " + peek().describe());
                }
                return new Top(ps, n, sortKey());
            }
            case "count":
                return new Count(ps);
            case "summarize": {
                List<Assign> aggs = new ArrayList<>();
                if (!at("by")) {
                    aggs = assignments();
                }
                List<Assign> by = new ArrayList<>();
                if (accept("by")) {
                    by = assignments();
                }
                if (aggs.isEmpty() && by.isEmpty()) {
                    throw errorAt(peek(), "expected an aggregate or 'by' after 'summarize'");
                }
                return new Summarize(ps, aggs, by);
            }
            case "union":
                return new UnionOp(ps, unionArgs());
            case "distinct":
                return new Distinct(ps, assignments());
            default:
                throw errorAt(t, "unknown or unsupported operator '" + t.text() + "'");
        }
    }

    private SortKey sortKey() {
        Expr e = expr();
        boolean asc = false;
        if (accept("asc")) {
            asc = true;
        } else {
            accept("desc");
        }
        boolean nullsFirst = asc; // Kusto: nulls first when ascending, last when descending
        if (accept("nulls")) {
            if (accept("first")) {
                nullsFirst = true;
            } else if (accept("last")) {
                nullsFirst = false;
            } else {
                throw errorAt(peek(), "expected 'first' or 'last' but found " + peek().describe());
            }
        }
        return new SortKey(e, asc, nullsFirst);
    }

    private List<Assign> assignments() {
        List<Assign> list = new ArrayList<>();
        do {
            Token t = peek();
            if (t.kind() == Token.Kind.IDENT && peekAt(1).is("=")) {
                next();
                next();
                list.add(new Assign(pos(t), t.text(), expr()));
            } else {
                list.add(new Assign(pos(t), null, expr()));
            }
        } while (accept(","));
        return list;
    }

    // ---- scalar expressions ----

    private Expr expr() {
        enter();
        try {
            return or();
        } finally {
            leave();
        }
    }

    private Expr or() {
        Token start = peek();
        Expr first = and();
        if (!at("or")) {
            return first;
        }
        List<Expr> terms = new ArrayList<>();
        terms.add(first);
        while (accept("or")) {
            terms.add(and());
        }
        return new Logical(pos(start), false, terms);
    }

    private Expr and() {
        Token start = peek();
        Expr first = comparison();
        if (!at("and")) {
            return first;
        }
        List<Expr> terms = new ArrayList<>();
        terms.add(first);
        while (accept("and")) {
            terms.add(comparison());
        }
        return new Logical(pos(start), true, terms);
    }

    private Expr comparison() {
        Expr left = additive();
        Token t = peek();
        if (t.kind() != Token.Kind.IDENT && t.kind() != Token.Kind.OP) {
            return left;
        }
        String op = t.text();
        if (COMPARISONS.contains(op)) {
            next();
            return new Binary(pos(t), op.equals("<>") ? "!=" : op, left, additive());
        }
        if (STRING_OPS.contains(op)) {
            next();
            if (op.equals("matches")) {
                if (!accept("regex")) {
                    throw errorAt(peek(), "expected 'regex' after 'matches' but found " + peek().describe());
                }
                return new Binary(pos(t), "matches regex", left, additive());
            }
            return new Binary(pos(t), op, left, additive());
        }
        if (LIST_OPS.contains(op) || op.startsWith("!") && LIST_OPS.contains(op.substring(1))) {
            if (op.equals("!has_any") || op.equals("!has_all")) {
                throw errorAt(t, "unknown operator '" + op + "' (use not(x has_any (...)))");
            }
            next();
            expect("(");
            List<Expr> items = new ArrayList<>();
            if (!at(")")) {
                do {
                    items.add(expr());
                } while (accept(","));
            }
            expect(")");
            return new ListOp(pos(t), op, left, items);
        }
        if (op.equals("between") || op.equals("!between")) {
            next();
            expect("(");
            Expr lo = additive();
            expect("..");
            Expr hi = additive();
            expect(")");
            return new Between(pos(t), op.startsWith("!"), left, lo, hi);
        }
        if (t.kind() == Token.Kind.OP && op.startsWith("!")) {
            throw errorAt(t, "unknown operator '" + op + "'");
        }
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        int chain = 0;
        while (at("+") || at("-")) {
            Token t = next();
            left = new Binary(pos(t), t.text(), left, multiplicative());
            if (++chain > MAX_DEPTH) {
                throw errorAt(t, "expression too long (limit " + MAX_DEPTH + " terms in a chain)");
            }
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        int chain = 0;
        while (at("*") || at("/") || at("%")) {
            Token t = next();
            left = new Binary(pos(t), t.text(), left, unary());
            if (++chain > MAX_DEPTH) {
                throw errorAt(t, "expression too long (limit " + MAX_DEPTH + " terms in a chain)");
            }
        }
        return left;
    }

    private Expr unary() {
        if (at("-") || at("+")) {
            Token t = next();
            enter();
            try {
                return new Unary(pos(t), t.text(), unary());
            } finally {
                leave();
            }
        }
        return postfix();
    }

    private Expr postfix() {
        Expr e = primary();
        int chain = 0;
        while (at(".") || at("[")) {
            Token t = next();
            if (t.is(".")) {
                e = new Member(pos(t), e, expectIdent("a property name"), null);
            } else {
                Expr index;
                enter();
                try {
                    index = expr();
                } finally {
                    leave();
                }
                expect("]");
                e = index instanceof Lit l && l.type() == KType.STRING
                        ? new Member(pos(t), e, (String) l.value(), null) : new Member(pos(t), e, null, index);
            }
            if (++chain > MAX_DEPTH) {
                throw errorAt(t, "expression too long");
            }
        }
        return e;
    }

    private Expr primary() {
        Token t = peek();
        Pos ps = pos(t);
        switch (t.kind()) {
            case STRING:
                next();
                return new Lit(ps, KType.STRING, t.value());
            case LONG:
                next();
                return new Lit(ps, KType.LONG, t.value());
            case REAL:
                next();
                return new Lit(ps, KType.REAL, t.value());
            case TIMESPAN:
                next();
                return new Lit(ps, KType.TIMESPAN, t.value());
            case OP:
                if (t.is("(")) {
                    next();
                    Expr inner = expr();
                    expect(")");
                    return inner;
                }
                throw errorAt(t, "expected an expression but found " + t.describe());
            case IDENT:
                return identOrCall(t, ps);
            default:
                throw errorAt(t, "expected an expression but found " + t.describe());
        }
    }

    private Expr identOrCall(Token t, Pos ps) {
        next();
        String name = t.text();
        if (name.equals("true") || name.equals("false")) {
            return new Lit(ps, KType.BOOL, Boolean.valueOf(name));
        }
        if (!at("(")) {
            return new Ident(ps, name);
        }
        if (name.equals("dynamic")) {
            next();
            Object v = dynamicValue(0);
            expect(")");
            return new Lit(ps, KType.DYNAMIC, v);
        }
        if (name.equals("datetime") || name.equals("timespan") || name.equals("time")) {
            return timeLiteral(name, ps);
        }
        KType typed = KType.byName(name);
        if (typed != null && peekAt(1).is("null") && peekAt(2).is(")")) {
            next();
            next();
            next();
            return new Lit(ps, typed, null);
        }
        next();
        enter();
        try {
            List<Expr> args = new ArrayList<>();
            if (!at(")")) {
                do {
                    args.add(expr());
                } while (accept(","));
            }
            expect(")");
            return new Call(ps, name, args);
        } finally {
            leave();
        }
    }

    private Expr timeLiteral(String name, Pos ps) {
        expect("(");
        Token arg = next();
        String text;
        if (arg.kind() == Token.Kind.RAW || arg.kind() == Token.Kind.STRING) {
            text = (String) arg.value();
        } else if (arg.is("null") || arg.is(")")) {
            if (arg.is("null")) {
                expect(")");
            }
            return new Lit(ps, name.equals("datetime") ? KType.DATETIME : KType.TIMESPAN, null);
        } else {
            throw errorAt(arg, "expected a " + name + " literal but found " + arg.describe());
        }
        expect(")");
        if (text.equals("null")) {
            return new Lit(ps, name.equals("datetime") ? KType.DATETIME : KType.TIMESPAN, null);
        }
        if (name.equals("datetime")) {
            try {
                return new Lit(ps, KType.DATETIME, Times.parse(text));
            } catch (RuntimeException e) {
                throw errorAt(arg, "invalid datetime literal '" + text + "'");
            }
        }
        Long ns = Durations.parse(text);
        if (ns == null) {
            throw errorAt(arg, "invalid timespan literal '" + text + "'");
        }
        return new Lit(ps, KType.TIMESPAN, ns);
    }

    /** A value inside dynamic(...): arrays, objects, scalars, null. Arrays become List; objects become JSON text. */
    private Object dynamicValue(int level) {
        if (level > MAX_DEPTH) {
            throw errorAt(peek(), "dynamic literal nested too deeply");
        }
        Token t = next();
        if (t.is("[")) {
            List<Object> items = new ArrayList<>();
            if (!at("]")) {
                do {
                    items.add(dynamicValue(level + 1));
                } while (accept(","));
            }
            expect("]");
            return items;
        }
        if (t.is("{")) {
            java.util.Map<String, Object> bag = new java.util.LinkedHashMap<>();
            if (!at("}")) {
                do {
                    Token k = next();
                    if (k.kind() != Token.Kind.STRING && k.kind() != Token.Kind.IDENT) {
                        throw errorAt(k, "expected a property name in dynamic({...}) but found " + k.describe());
                    }
                    expect(":");
                    bag.put(k.kind() == Token.Kind.STRING ? (String) k.value() : k.text(), dynamicValue(level + 1));
                } while (accept(","));
            }
            expect("}");
            return bag;
        }
        if (t.is("-")) {
            Token n = next();
            if (n.kind() == Token.Kind.LONG) {
                return -(Long) n.value();
            }
            if (n.kind() == Token.Kind.REAL) {
                return -(Double) n.value();
            }
            throw errorAt(n, "expected a number but found " + n.describe());
        }
        switch (t.kind()) {
            case STRING:
            case LONG:
            case REAL:
                return t.value();
            case IDENT:
                if (t.text().equals("true") || t.text().equals("false")) {
                    return Boolean.valueOf(t.text());
                }
                if (t.text().equals("null")) {
                    return null;
                }
                break;
            default:
                break;
        }
        throw errorAt(t, "expected a constant in dynamic(...) but found " + t.describe());
    }
}
