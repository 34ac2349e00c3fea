package dev.hookline.kql.expr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kusto's {@code dynamic} values as Java objects: null, Boolean, Long, Double, String, a List (array) or a
 * LinkedHashMap-backed Map (property bag, keys in insertion order). Values are never changed once built: functions
 * make new lists and maps. Datetimes and timespans put into a dynamic value become their text (ISO 8601,
 * [d.]hh:mm:ss), as Kusto prints them in JSON.
 */
public final class Dynamic {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_DEPTH = 100;

    /** What {@link #parse} returns for text that is not JSON. */
    public static final Object NOT_JSON = new Object();

    private Dynamic() {
    }

    /** Parses JSON text into a dynamic value, or returns {@link #NOT_JSON}. */
    public static Object parse(String text) {
        if (text == null) {
            return NOT_JSON;
        }
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return NOT_JSON;
            }
            Object v = read(p, t, 0);
            return p.nextToken() == null ? v : NOT_JSON;
        } catch (IOException | RuntimeException e) {
            return NOT_JSON;
        }
    }

    /**
     * parse_json()/todynamic() of a string: its JSON value, or the string itself as a dynamic string when it is not
     * JSON; "" is null.
     */
    public static Object parseOrString(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Object v = parse(text);
        return v == NOT_JSON ? text : v;
    }

    private static Object read(JsonParser p, JsonToken t, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested too deeply");
        }
        switch (t) {
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    list.add(read(p, n, depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String key = p.currentName();
                    map.put(key, read(p, p.nextToken(), depth + 1));
                }
                return Collections.unmodifiableMap(map);
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT: {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    BigInteger b = p.getBigIntegerValue();
                    return b.doubleValue();
                }
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default: throw new IOException("unexpected " + t);
        }
    }

    /** An output or constant value as a dynamic value (Integer to Long, datetime and timespan to their text). */
    public static Object of(Object v) {
        if (v instanceof Integer) {
            return ((Integer) v).longValue();
        }
        if (v instanceof Instant) {
            return Times.format(Times.toNanos((Instant) v));
        }
        if (v instanceof Duration) {
            return Values.timespanText(((Duration) v).toNanos());
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        return v; // lists and maps in output values were built by the engine from dynamic values already
    }

    /** A value decoded by a general JSON reader (Integer, BigDecimal, ...) as a dynamic value, recursively. */
    public static Object normalize(Object v) {
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(normalize(o));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number && !(v instanceof Long) && !(v instanceof Double)) {
            return ((Number) v).doubleValue();
        }
        return of(v);
    }

    /** A new immutable array of already-dynamic values. */
    public static List<Object> array(List<Object> items) {
        return Collections.unmodifiableList(items);
    }

    /** A new immutable property bag of already-dynamic values. */
    public static Map<String, Object> bag(Map<String, Object> entries) {
        return Collections.unmodifiableMap(entries);
    }

    /** tostring() of a dynamic value: a string as it is, arrays and bags as JSON text, null as "". */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Double) {
            return Values.realText((Double) v);
        }
        if (v instanceof List || v instanceof Map) {
            return json(v);
        }
        return v.toString();
    }

    /** JSON text of a dynamic value. */
    public static String json(Object v) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes a dynamic (or output) value as JSON. */
    public static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(Double.toString(d));
            }
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof List) {
            g.writeStartArray();
            for (Object o : (List<?>) v) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(text(of(v)));
        }
    }

    /** The value as a long (numbers, bools, numeric text), or {@link Node#NULL}. */
    public static long toLong(Object v) {
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Double) {
            double d = (Double) v;
            return Double.isNaN(d) ? Node.NULL : (long) d;
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? 1 : 0;
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s);
                } catch (NumberFormatException e2) {
                    return Node.NULL;
                }
            }
        }
        return Node.NULL;
    }

    /** The value as a real (numbers, numeric text), or NaN. */
    public static double toReal(Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String) {
            try {
                return Double.parseDouble(((String) v).trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** The value as a bool (true/false, numbers: non-zero, text "true"/"false"), or {@link Node#NULL}. */
    public static long toBool(Object v) {
        if (v instanceof Boolean) {
            return ((Boolean) v) ? 1 : 0;
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue() != 0 ? 1 : 0;
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            if (s.equalsIgnoreCase("true")) {
                return 1;
            }
            if (s.equalsIgnoreCase("false")) {
                return 0;
            }
        }
        return Node.NULL;
    }

    /** Equality of dynamic values as set functions and array_index_of see it (1 and 1.0 are equal). */
    public static boolean same(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        return a == null ? b == null : a.equals(b);
    }

    /** A key for hashing dynamic values consistently with {@link #same} (whole doubles hash as longs). */
    public static Object key(Object v) {
        if (v instanceof Double) {
            double d = (Double) v;
            if (d == Math.rint(d) && Math.abs(d) < 9e15) {
                return (long) d;
            }
        }
        return v;
    }
}
