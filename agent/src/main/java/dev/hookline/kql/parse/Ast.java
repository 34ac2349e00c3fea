package dev.hookline.kql.parse;

import java.util.List;

/** The syntax tree the parser produces. Every node keeps its 1-based source position for error messages. */
public final class Ast {
    private Ast() {
    }

    public record Pos(int line, int column) {
    }

    // ---- scalar expressions ----

    public sealed interface Expr permits Lit, Ident, Call, Binary, ListOp, Between, Logical, Unary, Member, Subquery {
        Pos pos();
    }

    /**
     * A literal. value is String (string), Long (long, datetime epoch nanos, timespan nanos), Double (real),
     * Boolean (bool), List (dynamic array), or null (a typed null such as long(null)).
     */
    public record Lit(Pos pos, KType type, Object value) implements Expr {
    }

    public record Ident(Pos pos, String name) implements Expr {
    }

    public record Call(Pos pos, String name, List<Expr> args) implements Expr {
    }

    /** Comparison, string operator (has, contains, ...), or arithmetic. */
    public record Binary(Pos pos, String op, Expr left, Expr right) implements Expr {
    }

    /** in, !in, in~, !in~, has_any, has_all: the right side is a parenthesised list. */
    public record ListOp(Pos pos, String op, Expr left, List<Expr> items) implements Expr {
    }

    public record Between(Pos pos, boolean negated, Expr value, Expr low, Expr high) implements Expr {
    }

    /** An n-ary chain of `and` or of `or` (flat, so long chains cannot nest deeply). */
    public record Logical(Pos pos, boolean and, List<Expr> terms) implements Expr {
    }

    public record Unary(Pos pos, String op, Expr operand) implements Expr {
    }

    /**
     * Dynamic property or element access: {@code target.key} and {@code target["key"]} set key; {@code target[i]}
     * (any expression, negative counts from the end) sets index. Exactly one of them is set.
     */
    public record Member(Pos pos, Expr target, String key, Expr index) implements Expr {
    }

    /**
     * A tabular expression where a scalar one is expected: an item of in/!in/has_any/has_all (its single column
     * becomes the list) or the argument of toscalar(). Evaluated once per run, before the main query.
     */
    public record Subquery(Pos pos, Tabular tabular) implements Expr {
    }

    // ---- tabular expressions ----

    /** A column declaration `name:type` (datatable, externaldata, typed parse columns, function parameters). */
    public record ColumnDecl(Pos pos, String name, KType type) {
    }

    /** `Name = expr`, or an unnamed expression (name null). */
    public record Assign(Pos pos, String name, Expr expr) {
    }

    public record SortKey(Expr expr, boolean asc, boolean nullsFirst) {
    }

    public sealed interface Op permits Where, Extend, Project, ProjectAway, ProjectRename, Sort, Take, Count,
            Summarize, UnionOp, Distinct, Top, Join, ProjectReorder, ProjectKeep, Parse, As, Render, Invoke, GetSchema,
            Serialize, Sample, TopNested, Search, MvExpand, MvApply, BagUnpack {
        Pos pos();

        /** The operator keyword as written, for messages. */
        String keyword();
    }

    public record Where(Pos pos, String keyword, Expr predicate) implements Op {
    }

    public record Extend(Pos pos, List<Assign> assigns) implements Op {
        public String keyword() {
            return "extend";
        }
    }

    public record Project(Pos pos, List<Assign> assigns) implements Op {
        public String keyword() {
            return "project";
        }
    }

    public record ProjectAway(Pos pos, List<Ident> columns) implements Op {
        public String keyword() {
            return "project-away";
        }
    }

    /** Each assign's expr is the old column's Ident. */
    public record ProjectRename(Pos pos, List<Assign> renames) implements Op {
        public String keyword() {
            return "project-rename";
        }
    }

    public record Sort(Pos pos, String keyword, List<SortKey> keys) implements Op {
    }

    public record Take(Pos pos, String keyword, Expr count) implements Op {
    }

    public record Count(Pos pos) implements Op {
        public String keyword() {
            return "count";
        }
    }

    public record Summarize(Pos pos, List<Assign> aggregates, List<Assign> by) implements Op {
        public String keyword() {
            return "summarize";
        }
    }

    /**
     * union's options: kind=inner keeps only the columns every input has; withSource names a column holding each
     * row's source (null: none); fuzzy (isfuzzy=true) drops inputs naming a table Hookline lacks, listed in missing.
     */
    public record UnionParams(boolean inner, String withSource, boolean fuzzy, List<String> missing) {
        public static final UnionParams DEFAULT = new UnionParams(false, null, false, List.of());
    }

    public record UnionOp(Pos pos, List<Tabular> others, UnionParams params) implements Op {
        public String keyword() {
            return "union";
        }
    }

    public record Distinct(Pos pos, List<Assign> columns) implements Op {
        public String keyword() {
            return "distinct";
        }
    }

    public record Top(Pos pos, Expr count, SortKey key) implements Op {
        public String keyword() {
            return "top";
        }
    }

    public sealed interface Source permits NameRef, UnionSource, Nested, DataTable, Print, Range, ExternalData,
            FnCall {
        Pos pos();
    }

    /** One equality of a join/lookup: `on X` (left and right both X, bare) or `$left.A == $right.B`. */
    public record JoinKey(Pos pos, String left, String right, boolean bare) {
    }

    /**
     * join (lookup false) or lookup (lookup true). kind is the flavour as written, normalised: innerunique, inner,
     * leftouter, rightouter, fullouter, leftanti, rightanti, leftsemi, rightsemi; or "ipv4_lookup" /
     * "ipv4_lookup(return_unmatched)" for {@code evaluate ipv4_lookup(...)}, a join on IPv4 keys.
     */
    public record Join(Pos pos, boolean lookup, String kind, Tabular right, List<JoinKey> keys) implements Op {
        public String keyword() {
            return kind.startsWith("ipv4_lookup") ? "evaluate ipv4_lookup" : lookup ? "lookup" : "join";
        }
    }

    /** project-reorder: each pattern may hold '*' wildcards; order is "asc", "desc" or null (as found). */
    public record ReorderSpec(Pos pos, String pattern, String order) {
    }

    public record ProjectReorder(Pos pos, List<ReorderSpec> specs) implements Op {
        public String keyword() {
            return "project-reorder";
        }
    }

    /** project-keep (keep true), or project-away with a wildcard pattern (keep false); order is unused. */
    public record ProjectKeep(Pos pos, boolean keep, List<ReorderSpec> patterns) implements Op {
        public String keyword() {
            return keep ? "project-keep" : "project-away";
        }
    }

    /** One piece of a parse pattern: a literal (string constant, or a regex in kind=regex), a column, or '*'. */
    public record ParsePart(Pos pos, String literal, ColumnDecl column, boolean star) {
    }

    /** parse / parse-where: kind is simple, regex or relaxed; flags are the regex flags of kind=regex (may be empty). */
    public record Parse(Pos pos, boolean where, String kind, String flags, Expr source, List<ParsePart> parts)
            implements Op {
        public String keyword() {
            return where ? "parse-where" : "parse";
        }
    }

    /** `as Name`: the pipeline so far can be referred to by Name later in the query. */
    public record As(Pos pos, String name) implements Op {
        public String keyword() {
            return "as";
        }
    }

    /** render: presentation only, ignored with a warning. */
    public record Render(Pos pos, String chart) implements Op {
        public String keyword() {
            return "render";
        }
    }

    /** One argument of a user-defined function call: exactly one of scalar and tabular is set. */
    public record FnArg(Expr scalar, Tabular tabular) {
    }

    /** `invoke f(args)`: calls a tabular function with the pipeline as its first (tabular) argument. */
    public record Invoke(Pos pos, String name, List<FnArg> args) implements Op {
        public String keyword() {
            return "invoke";
        }
    }

    public record GetSchema(Pos pos) implements Op {
        public String keyword() {
            return "getschema";
        }
    }

    /** serialize [Name = expr, ...]: marks the rows as ordered; the assignments may use row_number()/prev()/next(). */
    public record Serialize(Pos pos, List<Assign> assigns) implements Op {
        public String keyword() {
            return "serialize";
        }
    }

    public record Sample(Pos pos, Expr count) implements Op {
        public String keyword() {
            return "sample";
        }
    }

    /**
     * search: the predicate's bare string terms match any column (has, or with '*' hasprefix/hassuffix/contains);
     * `Col:"x"` is already a has (or wildcard) test in the tree.
     */
    public record Search(Pos pos, boolean caseSensitive, Expr predicate) implements Op {
        public String keyword() {
            return "search";
        }
    }

    /** One expanded expression of mv-expand: `[Name =] Expr [to typeof(Type)]` (type null: dynamic). */
    public record MvItem(Assign target, KType type) {
    }

    /**
     * mv-expand (legacy mvexpand: limit 128 by default): bagAsArray for kind=array; indexColumn from with_itemindex
     * (null: none); limit null: no limit.
     */
    public record MvExpand(Pos pos, boolean bagAsArray, String indexColumn, List<MvItem> items, Expr limit,
            boolean legacy) implements Op {
        public String keyword() {
            return legacy ? "mvexpand" : "mv-expand";
        }
    }

    /** mv-apply: expand as mv-expand does, run the subquery (operators over an implicit input) per input row. */
    public record MvApply(Pos pos, MvExpand expand, List<Op> subquery) implements Op {
        public String keyword() {
            return "mv-apply";
        }
    }

    /**
     * {@code evaluate bag_unpack(Column [, OutputColumnPrefix] [, columnsConflict] [, ignoredProperties])
     * [: (Name:type, ...)]}: each top-level property of a bag becomes a column. The optional arguments may be given
     * by position or as {@code name=value} (null when absent). schema is the declared output schema (null: the
     * columns come from the data); star is its leading {@code *} (keep the input's other columns).
     */
    public record BagUnpack(Pos pos, Expr column, Expr prefix, Expr conflict, Expr ignored, List<ColumnDecl> schema,
            boolean star) implements Op {
        public String keyword() {
            return "evaluate bag_unpack";
        }
    }

    /** One level of top-nested: `[N] of [Name =] Expr by [Name =] Aggregate [asc|desc]`; count null keeps all. */
    public record NestedLevel(Pos pos, Expr count, Assign of, Assign by, boolean asc) {
    }

    public record TopNested(Pos pos, List<NestedLevel> levels) implements Op {
        public String keyword() {
            return "top-nested";
        }
    }

    /** A table name or a tabular let name. */
    public record NameRef(Pos pos, String name) implements Source {
    }

    public record UnionSource(Pos pos, List<Tabular> inputs, UnionParams params) implements Source {
    }

    /** datatable(a:string, b:long) [ values row by row ]. */
    public record DataTable(Pos pos, List<ColumnDecl> columns, List<Expr> values) implements Source {
    }

    /** print a = 1, ...: one row. */
    public record Print(Pos pos, List<Assign> assigns) implements Source {
    }

    /** range Name from a to b step s. */
    public record Range(Pos pos, String name, Expr from, Expr to, Expr step) implements Source {
    }

    /** externaldata (cols) [ uris ] with (props): props keys lower-cased, values as written. */
    public record ExternalData(Pos pos, List<ColumnDecl> columns, List<String> uris,
            java.util.Map<String, String> props) implements Source {
    }

    /** A call of a user-defined tabular function in a source position: f(args), or a bare f for f(). */
    public record FnCall(Pos pos, String name, List<FnArg> args) implements Source {
    }

    /** A parenthesised tabular expression used as a source; materialize(...) computes it once per run. */
    public record Nested(Pos pos, Tabular inner, boolean materialize) implements Source {
        public Nested(Pos pos, Tabular inner) {
            this(pos, inner, false);
        }
    }

    public record Tabular(Pos pos, Source source, List<Op> ops) {
    }

    /** A parameter of a user-defined function: tabular (columns, possibly empty for `(*)`) or scalar with a type. */
    public record Param(Pos pos, String name, KType type, boolean tabular, Expr defaultValue) {
    }

    /** A user-defined function: its parameters, the lets of its body, and the body's last expression. */
    public record Function(List<Param> params, List<Let> lets, Expr scalarBody, Tabular tabularBody) {
        public boolean isTabular() {
            return tabularBody != null;
        }
    }

    /** A let statement: exactly one of scalar, tabular and function is set. */
    public record Let(Pos pos, String name, Expr scalar, Tabular tabular, Function function) {
        public Let(Pos pos, String name, Expr scalar, Tabular tabular) {
            this(pos, name, scalar, tabular, null);
        }
    }

    public record Query(List<Let> lets, Tabular body) {
    }
}
