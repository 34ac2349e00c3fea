package dev.hookline.kql.expr;

import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Times;
import java.time.Duration;
import java.time.Instant;

/** Conversions between unboxed slot values, output objects and text. */
public final class Values {
    private Values() {
    }

    public static Object boxLong(KType type, long v) {
        if (v == Node.NULL) {
            return null;
        }
        switch (type) {
            case INT: return (int) v;
            case BOOL: return v != 0;
            case DATETIME: return Times.toInstant(v);
            case TIMESPAN: return Duration.ofNanos(v);
            default: return v;
        }
    }

    /** An output object back to its long slot form (for rows read again after union, summarize, ...). */
    public static long unboxLong(Object o) {
        if (o == null) {
            return Node.NULL;
        }
        if (o instanceof Number) {
            return ((Number) o).longValue();
        }
        if (o instanceof Boolean) {
            return ((Boolean) o) ? 1 : 0;
        }
        if (o instanceof Instant) {
            return Times.toNanos((Instant) o);
        }
        if (o instanceof Duration) {
            return ((Duration) o).toNanos();
        }
        return Node.NULL;
    }

    public static double unboxReal(Object o) {
        return o instanceof Number ? ((Number) o).doubleValue() : Double.NaN;
    }

    /** tostring() of a long-stored value. */
    public static String longText(KType type, long v) {
        if (v == Node.NULL) {
            return "";
        }
        switch (type) {
            case BOOL: return v != 0 ? "true" : "false";
            case DATETIME: return Times.format(v);
            case TIMESPAN: return timespanText(v);
            default: return Long.toString(v);
        }
    }

    /** Kusto's timespan text: [-][d.]hh:mm:ss[.fffffff]. */
    public static String timespanText(long nanos) {
        StringBuilder sb = new StringBuilder();
        long v = nanos;
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        long ticks = v / 100;
        long totalSec = ticks / 10_000_000L;
        long frac = ticks % 10_000_000L;
        long days = totalSec / 86400;
        long h = (totalSec / 3600) % 24;
        long m = (totalSec / 60) % 60;
        long s = totalSec % 60;
        if (days > 0) {
            sb.append(days).append('.');
        }
        sb.append(String.format("%02d:%02d:%02d", h, m, s));
        if (frac > 0) {
            sb.append('.').append(String.format("%07d", frac));
        }
        return sb.toString();
    }

    /** Any node's value as text, as tostring()/strcat() print it. */
    public static String text(Node n, Frame f) {
        if (n.type.isText()) {
            String s = n.evalString(f);
            return s == null ? "" : s;
        }
        if (n.type == KType.REAL) {
            double d = n.evalReal(f);
            return Double.isNaN(d) ? "" : realText(d);
        }
        return longText(n.type, n.evalLong(f));
    }

    public static String realText(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** JSON text of a dynamic value (kept for callers written before {@link Dynamic}; same as Dynamic.json). */
    public static String json(Object v) {
        return Dynamic.json(v);
    }

    /** Orders output values of one column: numbers, instants, durations, booleans, strings; nulls are handled by the caller. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            if (a instanceof Double || b instanceof Double) {
                return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
            }
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable) {
            return ((Comparable) a).compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }
}
