package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;

/** Result-type rules shared by function definitions. */
public final class Types {
    private Types() {
    }

    /** The type of argument i (bin(x, size) is x's type). */
    public static FunctionDef.ResultType argType(int i) {
        return c -> c.type(i);
    }

    /**
     * The common type of two values that may stand in one column or branch: the same type; real if either number
     * is real, else long; string for two texts. Null when they have none.
     */
    public static KType unify(KType a, KType b) {
        if (a == b) {
            return a;
        }
        if (a.isNumber() && b.isNumber()) {
            return (a == KType.REAL || b == KType.REAL) ? KType.REAL : KType.LONG;
        }
        if (a.isText() && b.isText()) {
            return KType.STRING;
        }
        return null;
    }

    /** Throws at argument i unless the condition holds: "name() needs ..." */
    public static void require(CallSite c, int i, boolean ok, String needs) {
        if (!ok) {
            throw c.error(i, c.name() + "() needs " + needs + ", not " + c.type(i).kustoName());
        }
    }

    public static boolean isWhole(KType t) {
        return t == KType.INT || t == KType.LONG;
    }

    /** Argument i, which must be a whole number (int or long). */
    public static Node whole(CallSite c, int i, String what) {
        if (!isWhole(c.type(i))) {
            throw c.error(i, c.name() + "() " + what + " must be a whole number, not " + c.type(i).kustoName());
        }
        return c.arg(i);
    }

    /** Argument i, which must be a number (int, long or real). */
    public static Node number(CallSite c, int i, String what) {
        if (!c.type(i).isNumber()) {
            throw c.error(i, c.name() + "() " + what + " must be a number, not " + c.type(i).kustoName());
        }
        return c.arg(i);
    }

    /** Argument i, which must be of the given type. */
    public static Node exactly(CallSite c, int i, KType t, String what) {
        if (c.type(i) != t) {
            throw c.error(i, c.name() + "() " + what + " must be a " + t.kustoName() + ", not "
                    + c.type(i).kustoName());
        }
        return c.arg(i);
    }

    /** Argument i as a constant string (a unit name, a format, a kind). */
    public static String constantText(CallSite c, int i, String what) {
        if (!c.type(i).isText()) {
            throw c.error(i, c.name() + "() " + what + " must be a string, not " + c.type(i).kustoName());
        }
        return c.constant(i, what).evalString(null);
    }
}
