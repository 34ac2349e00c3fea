package dev.hookline.io;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hookline.kql.expr.Dynamic;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a KQL result value (String, Long, Integer, Double, Boolean, Instant, Duration, null; a dynamic array or
 * property bag as List or Map) as JSON.
 */
public final class ValueJson {
    private ValueJson() {
    }

    public static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List || v instanceof Map) {
            Dynamic.write(g, v); // a dynamic array or bag is JSON, not a string of JSON
        } else {
            g.writeString(text(v));
        }
    }

    /** The value as text, as Kusto prints it: ISO-8601 for datetime, [d.]hh:mm:ss[.fffffff] for timespan. */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Instant t) {
            return t.toString();
        }
        if (v instanceof Duration d) {
            return timespan(d);
        }
        if (v instanceof List || v instanceof Map) {
            return Dynamic.json(v);
        }
        return v.toString();
    }

    static String timespan(Duration d) {
        boolean neg = d.isNegative();
        Duration a = d.abs();
        long days = a.toDays();
        long ticks = a.getNano() / 100;
        String s = String.format("%s%02d:%02d:%02d", days > 0 ? days + "." : "", a.toHoursPart(), a.toMinutesPart(),
                a.toSecondsPart());
        if (ticks > 0) {
            s += String.format(".%07d", ticks);
        }
        return neg ? "-" + s : s;
    }
}
