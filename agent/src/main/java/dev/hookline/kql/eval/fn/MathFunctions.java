package dev.hookline.kql.eval.fn;

import dev.hookline.kql.eval.Frame;
import dev.hookline.kql.eval.Node;
import dev.hookline.kql.parse.KType;

/** Numeric functions: bin/floor. See {@link StringFunctions} for how to add a function. */
public final class MathFunctions {
    private MathFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("bin").alias("floor").args(2).signature("bin(value, size)")
                .doc("value rounded down to a multiple of size: numbers, or datetime/timespan by a timespan.")
                .returns(c -> {
                    KType v = c.type(0);
                    KType size = c.type(1);
                    boolean ok = (v == KType.DATETIME && size == KType.TIMESPAN)
                            || (v == KType.TIMESPAN && size == KType.TIMESPAN)
                            || (v.isNumber() && size.isNumber());
                    if (!ok) {
                        throw c.error(c.name()
                                + "() needs (number, number), (datetime, timespan) or (timespan, timespan)");
                    }
                    return v == KType.REAL || size == KType.REAL ? KType.REAL : v;
                })
                .node((c, type) -> type == KType.REAL
                        ? new Bin(ConversionFunctions.real(c.arg(0)), ConversionFunctions.real(c.arg(1)))
                        : new Bin(c.arg(0), c.arg(1))));
    }

    /** bin(value, size): rounds down to a multiple of size (datetimes from the epoch). */
    static final class Bin extends Node {
        private final Node value;
        private final Node size;

        Bin(Node value, Node size) {
            super(value.type, value, size);
            this.value = value;
            this.size = size;
        }

        @Override
        public long evalLong(Frame f) {
            long v = value.evalLong(f);
            long s = size.evalLong(f);
            if (v == NULL || s == NULL || s <= 0) {
                return NULL;
            }
            return Math.floorDiv(v, s) * s;
        }

        @Override
        public double evalReal(Frame f) {
            if (type != KType.REAL) {
                return super.evalReal(f);
            }
            double v = value.evalReal(f);
            double s = size.evalReal(f);
            return s > 0 ? Math.floor(v / s) * s : Double.NaN;
        }
    }
}
