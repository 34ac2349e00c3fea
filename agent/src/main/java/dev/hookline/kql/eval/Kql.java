package dev.hookline.kql.eval;

import dev.hookline.kql.expr.RegexMatch;
import dev.hookline.kql.CompiledQuery;
import dev.hookline.kql.EventPredicate;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.KqlOptions;
import dev.hookline.schema.Table;

/**
 * Entry point of the KQL engine. It sits beside the compiler it fronts, so that {@code dev.hookline.kql} holds only
 * the types the engine implements and callers use, and depends on no part of the engine.
 */
public final class Kql {
    private Kql() {
    }

    /** Parses and compiles a query; throws {@link KqlException} with line and column on error. */
    public static CompiledQuery compile(String text) {
        return QueryCompiler.compile(text);
    }

    /** As {@link #compile(String)} with the given settings (row budget, remote externaldata). */
    public static CompiledQuery compile(String text, KqlOptions options) {
        return QueryCompiler.compile(text, options);
    }

    /** `matches regex` evaluations abandoned for exceeding their backtracking budget (counted, read as false). */
    public static long regexMatchesAbandoned() {
        return RegexMatch.abandoned();
    }

    /** Compiles a boolean expression (the body of a `where`) over the columns of one table. */
    public static EventPredicate compilePredicate(String expression, Table table) {
        return QueryCompiler.compilePredicate(expression, table);
    }
}
