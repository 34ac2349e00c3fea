package dev.hookline.kql.parse;

import java.util.List;

/** The syntax tree the parser produces. Every node keeps its 1-based source position for error messages. */
public final class Ast {
    private Ast() {
    }

    public record Pos(int line, int column) {
    }

    // ---- scalar expressions ----

    public sealed interface Expr permits Lit, Ident, Call, Binary, ListOp, Between, Logical, Unary, Member {
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

    // ---- tabular expressions ----

    /** `Name = expr`, or an unnamed expression (name null). */
    public record Assign(Pos pos, String name, Expr expr) {
    }

    public record SortKey(Expr expr, boolean asc, boolean nullsFirst) {
    }

    public sealed interface Op permits Where, Extend, Project, ProjectAway, ProjectRename, Sort, Take, Count,
            Summarize, UnionOp, Distinct, Top {
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

    public record UnionOp(Pos pos, List<Tabular> others) implements Op {
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

    public sealed interface Source permits NameRef, UnionSource, Nested {
        Pos pos();
    }

    /** A table name or a tabular let name. */
    public record NameRef(Pos pos, String name) implements Source {
    }

    public record UnionSource(Pos pos, List<Tabular> inputs) implements Source {
    }

    /** A parenthesised tabular expression used as a source. */
    public record Nested(Pos pos, Tabular inner) implements Source {
    }

    public record Tabular(Pos pos, Source source, List<Op> ops) {
    }

    /** A let statement: exactly one of scalar and tabular is set. */
    public record Let(Pos pos, String name, Expr scalar, Tabular tabular) {
    }

    public record Query(List<Let> lets, Tabular body) {
    }
}
