package dev.hookline.kql.eval.fn;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;

/**
 * One call being compiled, as a function or aggregate definition sees it: its arguments compiled against the
 * current schema (each compiled once, on first use), their positions, and the ways to report a problem. Errors
 * name the line and column of the call or of the argument at fault.
 */
public interface CallSite {
    /** The function name as written in the query. */
    String name();

    /** Where the call starts. */
    Ast.Pos pos();

    /** The number of arguments given. */
    int size();

    /** Argument i, compiled. */
    Node arg(int i);

    /** Where argument i starts. */
    Ast.Pos argPos(int i);

    default KType type(int i) {
        return arg(i).type;
    }

    /** Argument i as written, before compiling (for arguments that are not expressions, such as typeof(long)). */
    Ast.Expr expr(int i);

    /** The column of that name in the rows being read, compiled, or null when the rows have none. */
    Node column(String name);

    /** Argument i in its text form, as string operators read a non-string value (a number's tostring()). */
    Node text(int i);

    /** Argument i, which must be a bool expression ("name() needs a bool expression but this is long"). */
    Node bool(int i);

    /** An error at the call. */
    KqlException error(String message);

    /** An error at argument i. */
    KqlException error(int i, String message);

    /** A compile warning, prefixed with the call's line and column (shown once however often it is found). */
    void warn(String message);

    /** A compile warning given once per query, however many calls find it (no line and column). */
    void notice(String message);

    /** The settings this query compiles with (the geo database, ...). */
    KqlOptions options();

    /** Notes that the query reads process ancestry, which only a streaming arm supplies (batch runs warn). */
    void usesProcessAncestry();

    /** Argument i, which must be a constant; its value is read with a null frame. */
    default Node constant(int i, String what) {
        Node n = arg(i);
        if (!n.isConstant()) {
            throw error(i, name() + "() " + what + " must be a constant");
        }
        return n;
    }
}
