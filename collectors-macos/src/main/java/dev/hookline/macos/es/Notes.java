package dev.hookline.macos.es;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;

/** A small JSON object for AdditionalFields, built only when something needs saying. */
final class Notes {
    private StringBuilder sb;

    Notes add(String key, String value) {
        if (value != null) {
            raw(key, quote(value));
        }
        return this;
    }

    Notes add(String key, long value) {
        return raw(key, Long.toString(value));
    }

    Notes flag(String key, boolean value) {
        return value ? raw(key, "true") : this;
    }

    private Notes raw(String key, String json) {
        if (sb == null) {
            sb = new StringBuilder(64).append('{');
        } else {
            sb.append(',');
        }
        sb.append(quote(key)).append(':').append(json);
        return this;
    }

    static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    void applyTo(Event e) {
        if (sb != null) {
            e.set(Columns.ADDITIONAL_FIELDS, sb.toString() + '}');
        }
    }
}
