package dev.hookline.schema;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;

/**
 * The AdditionalFields column of one row: a small JSON object of what a collector wants to say beyond MDE's
 * columns (where a value came from, what was missing). Keys appear in the order added; nothing is allocated until
 * something is said, and a row with nothing to say keeps the column null. Strings are escaped by Jackson, the same
 * as every other JSON Hookline writes.
 */
public final class AdditionalFields {
    private StringBuilder sb;

    /** Adds {@code "key":"value"}; a null value adds nothing. */
    public AdditionalFields put(String key, String value) {
        if (value != null) {
            quote(key(key), value);
        }
        return this;
    }

    /** Adds {@code "key":value} as a JSON number. */
    public AdditionalFields put(String key, long value) {
        key(key).append(value);
        return this;
    }

    /** Adds {@code "key":["a","b"]}. */
    public AdditionalFields put(String key, List<String> values) {
        StringBuilder b = key(key).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            quote(b, values.get(i));
        }
        b.append(']');
        return this;
    }

    /** Adds {@code "key":true} when set, nothing otherwise (an absent flag reads as false). */
    public AdditionalFields flag(String key, boolean set) {
        if (set) {
            key(key).append("true");
        }
        return this;
    }

    public boolean isEmpty() {
        return sb == null;
    }

    /** The JSON object, or null when nothing was added. */
    public String json() {
        return sb == null ? null : sb.toString() + '}';
    }

    /** Sets the row's AdditionalFields when anything was added; leaves it alone otherwise. */
    public void applyTo(Event e) {
        if (sb != null) {
            e.set(Columns.ADDITIONAL_FIELDS, json());
        }
    }

    private StringBuilder key(String key) {
        if (sb == null) {
            sb = new StringBuilder(64).append('{');
        } else {
            sb.append(',');
        }
        return quote(sb, key).append(':');
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, b);
        return b.append('"');
    }
}
