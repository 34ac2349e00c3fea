package dev.hookline.kql;

import dev.hookline.schema.Table;

/** Entry point of the KQL engine. */
public final class Kql {
    private Kql() {
    }

    /** Parses and compiles a query; throws {@link KqlException} with line and column on error. */
    public static CompiledQuery compile(String text) {
        return dev.hookline.kql.eval.QueryCompiler.compile(text);
    }

    /** As {@link #compile(String)} with the given settings (row budget, remote externaldata). */
    public static CompiledQuery compile(String text, KqlOptions options) {
        return dev.hookline.kql.eval.QueryCompiler.compile(text, options);
    }

    /** `matches regex` evaluations abandoned for exceeding their backtracking budget (counted, read as false). */
    public static long regexMatchesAbandoned() {
        return dev.hookline.kql.eval.RegexMatch.abandoned();
    }

    /** Compiles a boolean expression (the body of a `where`) over the columns of one table. */
    public static EventPredicate compilePredicate(String expression, Table table) {
        return dev.hookline.kql.eval.QueryCompiler.compilePredicate(expression, table);
    }
}
