package dev.hookline.kql.parse;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.parse.Ast.*;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** Kusto's deprecated spellings (the analyzer still accepts them), as the operator each stands for. */
    private static final Map<String, String> LEGACY_STRING_OPS = Map.of(
            "notcontains", "!contains", "containscs", "contains_cs", "notcontainscs", "!contains_cs");
    private static final Set<String> LIST_OPS = Set.of("in", "!in", "in~", "!in~", "has_any", "has_all");

    private final List<Token> toks;
    private int p;
    private int depth;
    private final Set<String> tabularLets = new HashSet<>();
    /** Inside a search predicate, `Col:"term"` is a term test on one column. */
    private boolean searchPredicate;
    private final Set<String> scalarLets = new HashSet<>();
    /** User-defined functions declared so far: name to whether the body is tabular. */
    private final Map<String, Boolean> functions = new HashMap<>();

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
        String name = name("a name after 'let'");
        expect("=");
        if (at("view") && peekAt(1).is("(")) {
            next(); // `let v = view () {...}`: a view is a function of no parameters for our purposes
        }
        if (startsFunction()) {
            Function fn = function();
            tabularLets.remove(name);
            scalarLets.remove(name);
            functions.put(name, fn.isTabular());
            return new Let(pos(letTok), name, null, null, fn);
        }
        functions.remove(name);
        if (startsTabular() || pipedName()) {
            // an unknown name piped onward is a table Hookline lacks: source() names it
            Tabular t = tabular();
            tabularLets.add(name);
            scalarLets.remove(name);
            return new Let(pos(letTok), name, null, t);
        }
        Expr e = expr();
        scalarLets.add(name);
        tabularLets.remove(name);
        if (nameTok.kind() != Token.Kind.IDENT && !nameTok.is("[")) {
            throw errorAt(nameTok, "expected a name");
        }
        return new Let(pos(letTok), name, e, null);
    }

    /** `(` then `)` `{`, or a parameter `name:` : a function definition rather than a parenthesised expression. */
    private boolean startsFunction() {
        if (!at("(")) {
            return false;
        }
        return peekAt(1).is(")") && peekAt(2).is("{")
                || peekAt(1).kind() == Token.Kind.IDENT && peekAt(2).is(":");
    }

    private Function function() {
        expect("(");
        List<Param> params = new ArrayList<>();
        if (!at(")")) {
            do {
                Token pt = peek();
                String pname = name("a parameter name");
                expect(":");
                if (at("(")) {
                    columnDecls(true); // tabular parameter: its declared columns only document the input
                    params.add(new Param(pos(pt), pname, null, true, null));
                } else {
                    Token tt = peek();
                    String tname = expectIdent("a parameter type");
                    KType type = KType.byName(tname);
                    if (type == null) {
                        throw errorAt(tt, "unknown type '" + tname + "'");
                    }
                    Expr def = null;
                    if (accept("=")) {
                        def = expr();
                    }
                    params.add(new Param(pos(pt), pname, type, false, def));
                }
            } while (accept(","));
        }
        expect(")");
        expect("{");
        Set<String> savedTab = new HashSet<>(tabularLets);
        Set<String> savedScalar = new HashSet<>(scalarLets);
        Map<String, Boolean> savedFns = new HashMap<>(functions);
        try {
            for (Param prm : params) {
                (prm.tabular() ? tabularLets : scalarLets).add(prm.name());
                (prm.tabular() ? scalarLets : tabularLets).remove(prm.name());
                functions.remove(prm.name());
            }
            List<Let> lets = new ArrayList<>();
            while (true) {
                while (accept(";")) {
                    // empty statements
                }
                if (!at("let")) {
                    break;
                }
                lets.add(let());
                expect(";");
            }
            Expr scalar = null;
            Tabular tab = null;
            if (startsTabular()) {
                tab = tabular();
            } else {
                scalar = expr();
            }
            while (accept(";")) {
                // a trailing ';' inside the body is allowed
            }
            expect("}");
            return new Function(params, lets, scalar, tab);
        } finally {
            tabularLets.clear();
            tabularLets.addAll(savedTab);
            scalarLets.clear();
            scalarLets.addAll(savedScalar);
            functions.clear();
            functions.putAll(savedFns);
        }
    }

    /** `(name:type, ...)`; with allowStar `(*)` is accepted (and yields no columns). */
    private List<ColumnDecl> columnDecls(boolean allowStar) {
        expect("(");
        List<ColumnDecl> cols = new ArrayList<>();
        if (allowStar && at("*") && peekAt(1).is(")")) {
            next();
            next();
            return cols;
        }
        if (!at(")")) {
            do {
                if (allowStar && at("*")) {
                    next();
                    continue;
                }
                Token ct = peek();
                String cname = name("a column name");
                expect(":");
                Token tt = peek();
                String tname = expectIdent("a column type");
                KType type = KType.byName(tname);
                if (type == null) {
                    throw errorAt(tt, "unknown type '" + tname + "'");
                }
                cols.add(new ColumnDecl(pos(ct), cname, type));
            } while (accept(","));
        }
        expect(")");
        return cols;
    }

    /** A name: an identifier, or a bracketed quoted name such as ['Process Name'] or ["x"]. */
    private String name(String what) {
        if (at("[") && peekAt(1).kind() == Token.Kind.STRING && peekAt(2).is("]")) {
            next();
            String n = (String) next().value();
            next();
            return n;
        }
        return expectIdent(what);
    }

    private boolean atName() {
        return peek().kind() == Token.Kind.IDENT
                || at("[") && peekAt(1).kind() == Token.Kind.STRING && peekAt(2).is("]");
    }

    /** A name, possibly in parentheses, followed by '|': a tabular expression over a table Hookline may lack. */
    private boolean pipedName() {
        int i = 0;
        while (peekAt(i).is("(")) {
            i++;
        }
        return peekAt(i).kind() == Token.Kind.IDENT && peekAt(i + 1).is("|");
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
        String w = t.text();
        Token after = peekAt(i + 1);
        if ((w.equals("materialize") || w.equals("datatable") || w.equals("externaldata")
                || w.equals("external_data")) && after.is("(")) {
            return true;
        }
        if (w.equals("range") && after.kind() == Token.Kind.IDENT && peekAt(i + 2).is("from")) {
            return true;
        }
        if (w.equals("print") && i == 0) {
            return true;
        }
        if (w.equals("search") && i == 0 && (after.kind() == Token.Kind.STRING || after.is("in") || after.is("kind"))) {
            return true;
        }
        if (Boolean.TRUE.equals(functions.get(w))) {
            return true;
        }
        return w.equals("union") || Table.byName(w) != null || tabularLets.contains(w);
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
        String w = t.text();
        if (w.equals("union")) {
            next();
            return unionSource(pos(t));
        }
        if (w.equals("search") && !tabularLets.contains(w)) {
            next();
            return searchSource(pos(t));
        }
        if (w.equals("materialize") && peekAt(1).is("(")) {
            next();
            next();
            Tabular inner = tabular();
            expect(")");
            return new Nested(pos(t), inner, true);
        }
        if (w.equals("datatable") && peekAt(1).is("(")) {
            next();
            return dataTable(pos(t));
        }
        if ((w.equals("externaldata") || w.equals("external_data")) && peekAt(1).is("(")) {
            next();
            return externalData(pos(t));
        }
        if (w.equals("range") && peekAt(1).kind() == Token.Kind.IDENT && peekAt(2).is("from")) {
            next();
            String col = expectIdent("a column name");
            expect("from");
            Expr from = expr();
            expect("to");
            Expr to = expr();
            expect("step");
            return new Range(pos(t), col, from, to, expr());
        }
        if (w.equals("print") && !tabularLets.contains(w) && Table.byName(w) == null) {
            next();
            return new Print(pos(t), atPipeEnd() ? List.of() : assignments());
        }
        next();
        if (Boolean.TRUE.equals(functions.get(w))) {
            return new FnCall(pos(t), w, at("(") ? fnArgs() : List.of());
        }
        if (Boolean.FALSE.equals(functions.get(w))) {
            throw errorAt(t, "'" + w + "' is a scalar function, not a table");
        }
        if (Table.byName(w) == null && !tabularLets.contains(w)) {
            throw errorAt(t, unknownTabular(w));
        }
        return new NameRef(pos(t), w);
    }

    private Op mvExpand(Pos ps, boolean legacy) {
        boolean asArray = false;
        String index = null;
        while (peek().kind() == Token.Kind.IDENT && peekAt(1).is("=") && (at("kind") || at("bagexpansion")
                || at("with_itemindex"))) {
            Token k = next();
            next();
            Token v = next();
            if (k.is("with_itemindex")) {
                if (v.kind() != Token.Kind.IDENT) {
                    throw errorAt(v, "expected a column name after with_itemindex=");
                }
                index = v.text();
            } else if (v.is("array") || v.is("bag")) {
                asArray = v.is("array");
            } else {
                throw errorAt(v, k.text() + " must be bag or array");
            }
        }
        List<MvItem> items = new ArrayList<>();
        do {
            Assign a = assignments1();
            KType type = null;
            if (accept("to")) {
                expect("typeof");
                expect("(");
                Token tt = peek();
                String tn = expectIdent("a type name");
                type = KType.byName(tn);
                if (type == null) {
                    throw errorAt(tt, "unknown type '" + tn + "'");
                }
                expect(")");
            }
            items.add(new MvItem(a, type));
        } while (accept(","));
        Expr limit = null;
        if (accept("limit")) {
            limit = expr();
        }
        return new MvExpand(ps, asArray, index, items, limit, legacy);
    }

    /** `search [kind=...] [in (Tables)] Predicate` over tables: a union with a $table column, then the filter. */
    private Source searchSource(Pos ps) {
        boolean cs = searchKind();
        List<Tabular> inputs = new ArrayList<>();
        UnionParams params;
        if (at("in") && peekAt(1).is("(")) {
            next();
            next();
            List<Tabular> list = new ArrayList<>();
            UnionParams given = unionArgs(list);
            expect(")");
            inputs.addAll(list);
            params = new UnionParams(false, "$table", given.fuzzy(), given.missing());
        } else {
            for (Table tb : Table.values()) {
                inputs.add(new Tabular(ps, new NameRef(ps, tb.name()), List.of()));
            }
            params = new UnionParams(false, "$table", false, List.of());
        }
        Op filter = new Search(ps, cs, searchPredicate());
        return new Nested(ps, new Tabular(ps, new UnionSource(ps, inputs, params), List.of(filter)));
    }

    private boolean searchKind() {
        if (at("kind") && peekAt(1).is("=")) {
            next();
            next();
            Token v = next();
            if (!v.is("default") && !v.is("case_insensitive") && !v.is("case_sensitive")) {
                throw errorAt(v, "search kind must be default, case_insensitive or case_sensitive");
            }
            return v.is("case_sensitive");
        }
        return false;
    }

    private Expr searchPredicate() {
        boolean saved = searchPredicate;
        searchPredicate = true;
        try {
            return expr();
        } finally {
            searchPredicate = saved;
        }
    }

    private boolean atPipeEnd() {
        return at("|") || at(";") || at(")") || peek().kind() == Token.Kind.EOF;
    }

    /** `(arg, ...)` of a user-defined function call: tabular arguments where a tabular expression starts. */
    private List<FnArg> fnArgs() {
        expect("(");
        List<FnArg> args = new ArrayList<>();
        if (!at(")")) {
            do {
                if (startsTabular()) {
                    args.add(new FnArg(null, tabular()));
                } else {
                    args.add(new FnArg(expr(), null));
                }
            } while (accept(","));
        }
        expect(")");
        return args;
    }

    private Source dataTable(Pos ps) {
        List<ColumnDecl> cols = columnDecls(false);
        if (cols.isEmpty()) {
            throw errorAt(peek(), "datatable needs at least one column");
        }
        expect("[");
        List<Expr> values = new ArrayList<>();
        while (!at("]")) {
            values.add(expr());
            if (!accept(",")) {
                break;
            }
        }
        Token close = expect("]");
        if (values.size() % cols.size() != 0) {
            throw errorAt(close, "datatable has " + values.size() + " values, not a multiple of its "
                    + cols.size() + " columns");
        }
        return new DataTable(ps, cols, values);
    }

    private Source externalData(Pos ps) {
        List<ColumnDecl> cols = columnDecls(false);
        expect("[");
        List<String> uris = new ArrayList<>();
        while (!at("]")) {
            Token u = next();
            if (u.kind() != Token.Kind.STRING) {
                throw errorAt(u, "expected a storage URI string but found " + u.describe());
            }
            StringBuilder sb = new StringBuilder((String) u.value());
            while (peek().kind() == Token.Kind.STRING) {
                sb.append((String) next().value());
            }
            uris.add(sb.toString());
            if (!accept(",")) {
                break;
            }
        }
        expect("]");
        if (uris.isEmpty()) {
            throw errorAt(peek(), "externaldata needs at least one URI");
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (accept("with")) {
            expect("(");
            if (!at(")")) {
                do {
                    String key = expectIdent("a property name");
                    expect("=");
                    Token v = next();
                    String val = v.kind() == Token.Kind.STRING || v.kind() == Token.Kind.LONG
                            ? String.valueOf(v.value()) : v.text();
                    props.put(key.toLowerCase(java.util.Locale.ROOT), val);
                } while (accept(","));
            }
            expect(")");
        }
        return new ExternalData(ps, cols, uris, props);
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

    private Source unionSource(Pos ps) {
        List<Tabular> list = new ArrayList<>();
        UnionParams params = unionArgs(list);
        return new UnionSource(ps, list, params);
    }

    /** Reads union's parameters and inputs (into list). */
    private UnionParams unionArgs(List<Tabular> list) {
        boolean inner = false;
        boolean fuzzy = false;
        String withSource = null;
        while (peek().kind() == Token.Kind.IDENT && (peekAt(1).is("=") || peek().is("hint") && peekAt(1).is("."))) {
            Token param = peek();
            String key = paramName();
            expect("=");
            Token v = next();
            switch (key) {
                case "kind":
                    if (!v.is("inner") && !v.is("outer")) {
                        throw errorAt(v, "union kind must be inner or outer, not " + v.describe());
                    }
                    inner = v.is("inner");
                    break;
                case "withsource":
                    if (v.kind() != Token.Kind.IDENT) {
                        throw errorAt(v, "expected a column name after withsource= but found " + v.describe());
                    }
                    withSource = v.text();
                    break;
                case "isfuzzy":
                    if (!v.is("true") && !v.is("false")) {
                        throw errorAt(v, "isfuzzy must be true or false");
                    }
                    fuzzy = v.is("true");
                    break;
                default:
                    if (!key.startsWith("hint.")) {
                        throw errorAt(param, "unknown union parameter '" + key + "'");
                    }
            }
        }
        List<String> missing = new ArrayList<>();
        do {
            Token t = peek();
            if (at("(")) {
                next();
                list.add(tabular());
                expect(")");
            } else if ((t.kind() == Token.Kind.IDENT || t.is("*")) && (t.is("*") || peekAt(1).is("*")
                    && adjacent(t, peekAt(1)))) {
                String pattern = wildcardName();
                StringBuilder re = new StringBuilder();
                for (String part : pattern.split("\\*", -1)) {
                    re.append(re.length() > 0 || pattern.startsWith("*") ? ".*" : "").append(
                            java.util.regex.Pattern.quote(part));
                }
                int before = list.size();
                for (Table tb : Table.values()) {
                    if (tb.name().matches(re.toString())) {
                        list.add(new Tabular(pos(t), new NameRef(pos(t), tb.name()), List.of()));
                    }
                }
                if (list.size() == before && !fuzzy) {
                    throw errorAt(t, "no table matches '" + pattern + "'");
                }
            } else if (t.kind() == Token.Kind.IDENT && startsTabular()) {
                Token start = peek();
                list.add(new Tabular(pos(start), source(), List.of()));
            } else if (t.kind() == Token.Kind.IDENT) {
                next();
                if (!fuzzy) {
                    throw errorAt(t, unknownTabular(t.text()));
                }
                missing.add(t.text()); // isfuzzy=true: a table that does not exist is left out
            } else {
                throw errorAt(t, "expected a table or '(' after 'union' but found " + t.describe());
            }
        } while (accept(","));
        if (list.isEmpty()) {
            throw errorAt(peek(), "union has no input Hookline knows (missing: " + String.join(", ", missing) + ")");
        }
        return new UnionParams(inner, withSource, fuzzy, List.copyOf(missing));
    }

    /** Skips `hint.name = value` parameters, which only steer Kusto's distribution across a cluster. */
    private void skipHints() {
        while (peek().is("hint") && peekAt(1).is(".")) {
            paramName();
            expect("=");
            next();
        }
    }

    /** Whether b follows a with no space between (as in `Device*`). */
    private static boolean adjacent(Token a, Token b) {
        return a.line() == b.line() && a.column() + a.text().length() == b.column();
    }

    /** A parameter name such as kind or hint.strategy (dotted parts joined). */
    private String paramName() {
        StringBuilder sb = new StringBuilder(expectIdent("a parameter name"));
        while (accept(".")) {
            sb.append('.').append(expectIdent("a parameter name"));
        }
        return sb.toString();
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
                List<ReorderSpec> specs = patterns(false);
                boolean wild = false;
                List<Ident> cols = new ArrayList<>();
                for (ReorderSpec sp : specs) {
                    wild |= sp.pattern().contains("*");
                    cols.add(new Ident(sp.pos(), sp.pattern()));
                }
                return wild ? new ProjectKeep(ps, false, specs) : new ProjectAway(ps, cols);
            }
            case "project-keep":
                return new ProjectKeep(ps, true, patterns(false));
            case "project-reorder":
                return new ProjectReorder(ps, patterns(true));
            case "project-rename": {
                List<Assign> list = new ArrayList<>();
                do {
                    Token c = peek();
                    String newName = name("a new column name");
                    expect("=");
                    Token o = peek();
                    list.add(new Assign(pos(c), newName, new Ident(pos(o), name("a column name"))));
                } while (accept(","));
                return new ProjectRename(ps, list);
            }
            case "join":
            case "lookup":
                return join(ps, t.text().equals("lookup"));
            case "parse":
            case "parse-where":
                return parse(ps, t.text().equals("parse-where"));
            case "as": {
                while (peek().is("hint") && peekAt(1).is(".")) {
                    paramName();
                    expect("=");
                    next();
                }
                String n = name("a name after 'as'");
                tabularLets.add(n);
                scalarLets.remove(n);
                return new As(ps, n);
            }
            case "render": {
                Token chart = peek();
                int depth = 0;
                while (peek().kind() != Token.Kind.EOF && !(depth == 0 && (at("|") || at(";") || at(")")))) {
                    Token x = next();
                    if (x.is("(")) {
                        depth++;
                    } else if (x.is(")")) {
                        depth--;
                    }
                }
                return new Render(ps, chart.kind() == Token.Kind.IDENT ? chart.text() : "");
            }
            case "invoke": {
                Token f = peek();
                String fname = expectIdent("a function name after 'invoke'");
                if (!Boolean.TRUE.equals(functions.get(fname)) && !fname.equals("FileProfile")) {
                    throw errorAt(f, "unknown tabular function '" + fname + "' after 'invoke'");
                }
                return new Invoke(ps, fname, at("(") ? fnArgs() : List.of());
            }
            case "top-nested": {
                List<NestedLevel> levels = new ArrayList<>();
                Token lt = t;
                while (true) {
                    Expr n = at("of") ? null : expr();
                    expect("of");
                    Assign of = assignments1();
                    if (at("with")) {
                        throw errorAt(peek(), "top-nested 'with others' is not supported");
                    }
                    expect("by");
                    Assign by = assignments1();
                    boolean asc = false;
                    if (accept("asc")) {
                        asc = true;
                    } else {
                        accept("desc");
                    }
                    levels.add(new NestedLevel(pos(lt), n, of, by, asc));
                    if (!(at(",") && peekAt(1).is("top-nested"))) {
                        break;
                    }
                    next();
                    lt = next();
                }
                return new TopNested(ps, levels);
            }
            case "mv-apply": {
                MvExpand ex = (MvExpand) mvExpand(ps, false);
                if (!accept("on")) {
                    throw errorAt(peek(), "expected 'on' and the subquery in parentheses but found " + peek().describe());
                }
                expect("(");
                List<Op> sub = new ArrayList<>();
                accept("|");
                do {
                    sub.add(operator());
                } while (accept("|"));
                expect(")");
                return new MvApply(ps, ex, sub);
            }
            case "mv-expand":
            case "mvexpand":
                return mvExpand(ps, t.text().equals("mvexpand"));
            case "search": {
                boolean cs = searchKind();
                return new Search(ps, cs, searchPredicate());
            }
            case "getschema":
                return new GetSchema(ps);
            case "serialize":
                return new Serialize(ps, atPipeEnd() ? List.of() : assignments());
            case "sample":
                return new Sample(ps, expr());
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
                skipHints(); // hint.strategy=shuffle, hint.shufflekey=..., hint.num_partitions=...: no effect here
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
            case "union": {
                List<Tabular> others = new ArrayList<>();
                UnionParams params = unionArgs(others);
                return new UnionOp(ps, others, params);
            }
            case "evaluate":
                skipHints(); // hint.distribution=..., hint.remote=...: no effect here
                if (peek().is("bag_unpack") && peekAt(1).is("(")) {
                    return bagUnpack(ps);
                }
                if (peek().is("ipv4_lookup") && peekAt(1).is("(")) {
                    return ipv4Lookup(ps);
                }
                break;
            case "distinct":
                skipHints();
                if (at("*") && (peekAt(1).is("|") || peekAt(1).is(";") || peekAt(1).is(")")
                        || peekAt(1).kind() == Token.Kind.EOF)) {
                    next();
                    return new Distinct(ps, List.of()); // every column
                }
                return new Distinct(ps, assignments());
            default:
                break;
        }
        String why = UNSUPPORTED_OPERATORS.get(t.text());
        if (why != null) {
            String plugin = t.text().equals("evaluate") && peek().kind() == Token.Kind.IDENT
                    ? " (here " + peek().text() + ")" : "";
            throw errorAt(t, "operator '" + t.text() + "'" + plugin + " is not supported: " + why);
        }
        throw errorAt(t, "unknown or unsupported operator '" + t.text() + "'");
    }

    /**
     * The other table of a join, lookup or ipv4_lookup: a query in parentheses, or a table or let name; an unknown
     * name is named as such, anything else gets {@code otherwise}.
     */
    private Tabular rightSide(String otherwise) {
        Token r = peek();
        if (at("(")) {
            next();
            Tabular right = tabular();
            expect(")");
            return right;
        }
        if (startsTabular()) {
            return new Tabular(pos(r), source(), List.of());
        }
        throw errorAt(r, r.kind() == Token.Kind.IDENT ? unknownTabular(r.text()) : otherwise);
    }

    /**
     * {@code ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey [, ExtraKey...] [, return_unmatched])} (after
     * 'evaluate'): a join on IPv4 keys, so it becomes a {@link Join} whose kind says ipv4_lookup and whether unmatched
     * rows stay; the first key pairs the two IPv4 columns, the others are the extra keys (same name on both sides).
     */
    private Op ipv4Lookup(Pos ps) {
        next();
        expect("(");
        Tabular right = rightSide("ipv4_lookup needs a lookup table first (a table, a let name or a query in "
                + "parentheses)");
        List<JoinKey> keys = new ArrayList<>();
        expect(",");
        Token src = peek();
        String source = name("the input's IPv4 column");
        expect(",");
        keys.add(new JoinKey(pos(src), source, name("the lookup table's IPv4 column"), false));
        boolean unmatched = false;
        boolean flagSeen = false;
        while (accept(",")) {
            Token a = peek();
            if (flagSeen) {
                throw errorAt(a, "ipv4_lookup: return_unmatched is its last argument");
            }
            if (a.is("return_unmatched") && peekAt(1).is("=")) {
                next();
                next();
                unmatched = boolLiteral("ipv4_lookup's return_unmatched");
                flagSeen = true;
            } else if (a.is("true") || a.is("false")) {
                unmatched = boolLiteral("ipv4_lookup's return_unmatched");
                flagSeen = true;
            } else {
                String k = name("an extra key column or return_unmatched");
                keys.add(new JoinKey(pos(a), k, k, true));
            }
        }
        expect(")");
        return new Join(ps, false, unmatched ? "ipv4_lookup(return_unmatched)" : "ipv4_lookup", right, keys);
    }

    private boolean boolLiteral(String what) {
        Token t = peek();
        Expr e = expr();
        if (!(e instanceof Lit l) || l.type() != KType.BOOL) {
            throw errorAt(t, what + " must be true or false");
        }
        return (Boolean) l.value();
    }

    /** The arguments of bag_unpack, by position or name, and its optional output schema (after 'bag_unpack'). */
    private Op bagUnpack(Pos ps) {
        next();
        expect("(");
        String[] names = {"Column", "OutputColumnPrefix", "columnsConflict", "ignoredProperties"};
        Expr[] args = new Expr[names.length];
        int position = 0;
        boolean named = false;
        enter();
        try {
            do {
                Token at = peek();
                int slot;
                if (at.kind() == Token.Kind.IDENT && peekAt(1).is("=")) {
                    slot = -1;
                    for (int i = 1; i < names.length; i++) {
                        if (names[i].equalsIgnoreCase(at.text())) {
                            slot = i;
                        }
                    }
                    if (slot < 0) {
                        throw errorAt(at, "bag_unpack has no argument '" + at.text()
                                + "' (OutputColumnPrefix, columnsConflict, ignoredProperties)");
                    }
                    next();
                    next();
                    named = true;
                } else if (named) {
                    throw errorAt(at, "bag_unpack: a positional argument cannot follow a named one");
                } else if (position >= names.length) {
                    throw errorAt(at, "bag_unpack takes at most " + names.length + " arguments");
                } else {
                    slot = position++;
                }
                if (args[slot] != null) {
                    throw errorAt(at, "bag_unpack: argument '" + names[slot] + "' given twice");
                }
                args[slot] = expr();
            } while (accept(","));
        } finally {
            leave();
        }
        expect(")");
        if (args[0] == null) {
            throw errorAt(peek(), "bag_unpack needs the column to unpack");
        }
        List<ColumnDecl> schema = null;
        boolean star = false;
        if (accept(":")) {
            Token open = peek();
            star = open.is("(") && peekAt(1).is("*");
            schema = columnDecls(true);
            if (schema.isEmpty() && !star) {
                throw errorAt(open, "bag_unpack's output schema names no column");
            }
        }
        return new BagUnpack(ps, args[0], args[1], args[2], args[3], schema, star);
    }

    /** Column name patterns for project-keep/-away/-reorder: names with '*' wildcards, optionally asc/desc. */
    private List<ReorderSpec> patterns(boolean ordered) {
        List<ReorderSpec> list = new ArrayList<>();
        do {
            Token first = peek();
            String pattern = at("[") ? name("a column name") : wildcardName();
            String order = null;
            if (ordered && (at("asc") || at("desc")) && !peekAt(1).is("*")) {
                order = next().text();
            }
            list.add(new ReorderSpec(pos(first), pattern, order));
        } while (accept(","));
        return list;
    }

    /** A name that may hold '*' wildcards: adjacent identifier and '*' tokens, as in Device*Events or *Id. */
    private String wildcardName() {
        StringBuilder sb = new StringBuilder();
        Token prev = null;
        while (true) {
            Token c = peek();
            boolean part = c.kind() == Token.Kind.IDENT || c.is("*");
            if (prev != null && (!part || !adjacent(prev, c))) {
                break;
            }
            if (!part) {
                throw errorAt(c, "expected a column name but found " + c.describe());
            }
            sb.append(c.text());
            prev = next();
        }
        return sb.toString();
    }

    private Op join(Pos ps, boolean lookup) {
        String kind = lookup ? "leftouter" : "innerunique";
        while (peek().kind() == Token.Kind.IDENT && (peekAt(1).is("=") || peek().is("hint") && peekAt(1).is("."))) {
            Token param = peek();
            String key = paramName();
            expect("=");
            Token v = next();
            if (key.equals("kind")) {
                kind = joinKind(v, lookup);
            } else if (!key.startsWith("hint.") && !key.equals("withsource")) {
                throw errorAt(param, "unknown " + (lookup ? "lookup" : "join") + " parameter '" + key + "'");
            }
        }
        Tabular right = rightSide("expected the right side of '" + (lookup ? "lookup" : "join") + "' (a table, a let"
                + " name or a query in parentheses) but found " + peek().describe());
        if (!accept("on")) {
            throw errorAt(peek(), "expected 'on' and the join keys but found " + peek().describe());
        }
        List<JoinKey> keys = new ArrayList<>();
        do {
            Token k = peek();
            if (k.is("$left") || k.is("$right")) {
                String[] a = sideColumn();
                Token eq = expect("==");
                String[] b = sideColumn();
                if (a[0].equals(b[0])) {
                    throw errorAt(eq, "a join condition compares $left with $right, not " + a[0] + " with " + b[0]);
                }
                boolean leftFirst = a[0].equals("$left");
                keys.add(new JoinKey(pos(k), leftFirst ? a[1] : b[1], leftFirst ? b[1] : a[1], false));
            } else {
                String c = name("a join column or $left.Column == $right.Column");
                keys.add(new JoinKey(pos(k), c, c, true));
            }
        } while (accept(",") || accept("and"));
        return new Join(ps, lookup, kind, right, keys);
    }

    private String[] sideColumn() {
        Token side = peek();
        if (!side.is("$left") && !side.is("$right")) {
            throw errorAt(side, "expected $left.Column or $right.Column but found " + side.describe());
        }
        next();
        expect(".");
        return new String[] {side.text(), name("a column name")};
    }

    private String joinKind(Token v, boolean lookup) {
        String k = v.text();
        switch (k) {
            case "anti": k = "leftanti"; break;
            case "leftantisemi": k = "leftanti"; break;
            case "rightantisemi": k = "rightanti"; break;
            case "semi": k = "leftsemi"; break;
            default: break;
        }
        Set<String> allowed = lookup ? Set.of("leftouter", "inner")
                : Set.of("innerunique", "inner", "leftouter", "rightouter", "fullouter", "leftanti", "rightanti",
                        "leftsemi", "rightsemi");
        if (!allowed.contains(k)) {
            throw errorAt(v, "unknown " + (lookup ? "lookup" : "join") + " kind '" + v.text() + "' (one of "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        }
        return k;
    }

    private Op parse(Pos ps, boolean where) {
        String kind = "simple";
        String flags = "";
        while (peek().kind() == Token.Kind.IDENT && peekAt(1).is("=")) {
            Token param = next();
            next();
            Token v = next();
            if (param.is("kind")) {
                if (!v.is("simple") && !v.is("regex") && !v.is("relaxed")) {
                    throw errorAt(v, "parse kind must be simple, regex or relaxed, not " + v.describe());
                }
                kind = v.text();
            } else if (param.is("flags")) {
                flags = v.text();
            } else {
                throw errorAt(param, "unknown parse parameter '" + param.text() + "'");
            }
        }
        Expr src = expr();
        expect("with");
        List<ParsePart> parts = new ArrayList<>();
        while (!atPipeEnd()) {
            Token t = peek();
            if (t.kind() == Token.Kind.STRING) {
                StringBuilder sb = new StringBuilder();
                while (peek().kind() == Token.Kind.STRING) {
                    sb.append((String) next().value());
                }
                parts.add(new ParsePart(pos(t), sb.toString(), null, false));
            } else if (t.is("*")) {
                next();
                parts.add(new ParsePart(pos(t), null, null, true));
            } else if (atName()) {
                String cname = name("a column name");
                KType type = KType.STRING;
                if (accept(":")) {
                    Token tt = peek();
                    String tname = expectIdent("a column type");
                    type = KType.byName(tname);
                    if (type == null) {
                        throw errorAt(tt, "unknown type '" + tname + "'");
                    }
                }
                parts.add(new ParsePart(pos(t), null, new ColumnDecl(pos(t), cname, type), false));
            } else {
                throw errorAt(t, "expected a string, a column or '*' in the parse pattern but found " + t.describe());
            }
        }
        if (parts.stream().noneMatch(pp -> pp.column() != null)) {
            throw errorAt(peek(), "the parse pattern names no column to extract");
        }
        return new Parse(ps, where, kind, flags, src, parts);
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

    /** One `[Name =] expr`. */
    private Assign assignments1() {
        Token t = peek();
        if (t.kind() == Token.Kind.IDENT && peekAt(1).is("=")) {
            next();
            next();
            return new Assign(pos(t), t.text(), expr());
        }
        return new Assign(pos(t), null, expr());
    }

    private List<Assign> assignments() {
        List<Assign> list = new ArrayList<>();
        do {
            Token t = peek();
            if (t.kind() == Token.Kind.IDENT && peekAt(1).is("=")) {
                next();
                next();
                list.add(new Assign(pos(t), t.text(), expr()));
            } else if (at("[") && peekAt(1).kind() == Token.Kind.STRING && peekAt(2).is("]") && peekAt(3).is("=")) {
                String n = name("a column name");
                next();
                list.add(new Assign(pos(t), n, expr()));
            } else if (at("(") && peekAt(1).kind() == Token.Kind.IDENT && peekAt(2).is(",")) {
                // (a, b) = arg_max(X, Y): the names ride in a MULTI_ASSIGN call; summarize spreads them over the
                // aggregate's columns and the expression compiler refuses it anywhere else
                next();
                List<Expr> parts = new ArrayList<>();
                do {
                    Token n = peek();
                    parts.add(new Ident(pos(n), expectIdent("a column name")));
                } while (accept(","));
                expect(")");
                expect("=");
                parts.add(expr());
                list.add(new Assign(pos(t), null, new Call(pos(t), MULTI_ASSIGN, parts)));
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
        if (searchPredicate && left instanceof Ident && at(":") && peekAt(1).kind() == Token.Kind.STRING) {
            Token colon = next();
            Token term = next();
            return new Binary(pos(colon), "has", left, new Lit(pos(term), KType.STRING, term.value()));
        }
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
        if (LEGACY_STRING_OPS.containsKey(op)) {
            next();
            return new Binary(pos(t), LEGACY_STRING_OPS.get(op), left, additive());
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
                    if (startsTabular() || pipedName()) {
                        Token st = peek();
                        items.add(new Subquery(pos(st), tabular()));
                    } else {
                        items.add(expr());
                    }
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
            if (t.is(".") && !(at("[") && peekAt(1).kind() == Token.Kind.STRING && peekAt(2).is("]"))) {
                e = new Member(pos(t), e, expectIdent("a property name"), null);
            } else if (t.is(".")) {
                next(); // x.['a b'] is x['a b']: a bracketed property name after the dot
                String key = (String) next().value();
                next();
                e = new Member(pos(t), e, key, null);
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
            case STRING: {
                next();
                if (peek().kind() != Token.Kind.STRING) {
                    return new Lit(ps, KType.STRING, t.value());
                }
                StringBuilder sb = new StringBuilder((String) t.value());
                while (peek().kind() == Token.Kind.STRING) {
                    sb.append((String) next().value()); // "a" "b" is one literal, as in Kusto
                }
                return new Lit(ps, KType.STRING, sb.toString());
            }
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
                if (t.is("[") && peekAt(1).kind() == Token.Kind.STRING && peekAt(2).is("]")) {
                    return new Ident(ps, name("a column name"));
                }
                throw errorAt(t, "expected an expression but found " + t.describe());
            case IDENT:
                return identOrCall(t, ps);
            default:
                throw errorAt(t, "expected an expression but found " + t.describe());
        }
    }

    /**
     * The tabular operators that may follow '|', as {@code operator()} reads them (docs/kql-functions.md is generated
     * from this list; OperatorListMatchesTheParserTest checks each parses).
     */
    public static final List<String> OPERATORS = List.of("as", "count", "distinct", "evaluate bag_unpack", "extend",
            "filter", "getschema", "invoke", "join", "limit", "lookup", "mv-apply", "mv-expand", "mvexpand", "order",
            "parse", "parse-where", "project", "project-away", "project-keep", "project-rename", "project-reorder",
            "render", "sample", "search", "serialize", "sort", "summarize", "take", "top", "top-nested", "union",
            "where");

    /** Kusto operators Hookline does not run, with the reason the error gives. */
    public static final Map<String, String> UNSUPPORTED_OPERATORS = Map.ofEntries(
            Map.entry("evaluate", "of the evaluate plugins only bag_unpack and ipv4_lookup run here (pivot, narrow, ..."
                    + " do not); extract the properties you need with extend (x = tostring(Bag.Key))"),
            Map.entry("make-series", "make-series is not supported on the host; build the series with summarize"
                    + " make_list(Value) by Key after sorting by time, which the series_* functions read"),
            Map.entry("scan", "scan's sequence matching is not supported; use join or serialize with prev()/next()"),
            Map.entry("fork", "fork is not supported; write one query per branch"),
            Map.entry("facet", "facet is not supported; write a summarize per facet column"),
            Map.entry("partition", "partition is not supported; use summarize ... by, or top-nested"),
            Map.entry("reduce", "reduce (pattern clustering) is not supported"),
            Map.entry("consume", "consume is not supported"),
            Map.entry("project-smart", "project-smart is not supported; use project"),
            Map.entry("sample-distinct", "sample-distinct is not supported; use distinct and take"),
            Map.entry("find", "find is not supported; use search or union"),
            Map.entry("graph-match", "graph operators are not supported"),
            Map.entry("make-graph", "graph operators are not supported"));

    /** The pseudo-function that carries `(a, b) = expr` (not a name a query can write). */
    public static final String MULTI_ASSIGN = "(names)=";

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
        if (name.equals("toscalar")) {
            next();
            Token st = peek();
            Expr arg = startsTabular() ? new Subquery(pos(st), tabular()) : expr();
            expect(")");
            return new Call(ps, name, List.of(arg));
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
                    if (at("*") && (peekAt(1).is(",") || peekAt(1).is(")"))) {
                        // every column, as in arg_max(Timestamp, *); the compiler says where it is not allowed
                        args.add(new Ident(pos(next()), "*"));
                    } else {
                        args.add(expr());
                    }
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
                return new Lit(ps, KType.DATETIME, DateLiterals.parse(text));
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
