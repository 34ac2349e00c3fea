package dev.hookline.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes an event as one flat JSON object of its table's non-null columns in Microsoft's order, then "Type",
 * as Log Analytics exports rows. AdditionalFields holding a JSON object or array is embedded as JSON.
 * <p>
 * The text is byte for byte what Jackson's generator wrote here before (alert ids hash it, so it must never
 * change), but written by hand into a reusable {@link JsonText}: an alerting event spent most of its cost in
 * Jackson. Only a dynamic value that is JSON but not already in Jackson's form still goes through Jackson.
 * An instance is reusable and not thread-safe; {@link #toJson} keeps one per thread.
 */
public final class EventJsonWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final ThreadLocal<EventJsonWriter> PER_THREAD = ThreadLocal.withInitial(EventJsonWriter::new);
    /** Per column id, {@code "Name":} as JSON. */
    private static final char[][] NAMES = names();

    private final JsonText text = new JsonText();

    private static char[][] names() {
        List<Column> all = Columns.all();
        char[][] names = new char[all.size()][];
        JsonText t = new JsonText();
        for (Column c : all) {
            names[c.id()] = t.clear().appendString(c.name()).append(':').toString().toCharArray();
        }
        return names;
    }

    public static String toJson(Event e) {
        return PER_THREAD.get().write(e).toString();
    }

    /** Writes the event as a JSON object to the generator. */
    public static void write(JsonGenerator g, Event e) throws IOException {
        g.writeRawValue(toJson(e));
    }

    /** Writes the event into this writer's buffer, replacing what it held, and returns the buffer. */
    public JsonText write(Event e) {
        JsonText t = text.clear();
        t.append('{');
        for (Column c : e.table().columns()) {
            if (e.isNull(c)) {
                continue;
            }
            t.appendRaw(NAMES[c.id()]);
            writeValue(t, e, c);
            t.append(',');
        }
        t.appendRaw("\"Type\":").appendString(e.table().name()).append('}');
        return t;
    }

    private static void writeValue(JsonText t, Event e, Column c) {
        switch (c.type()) {
            case STRING:
                t.appendString(e.getString(c));
                break;
            case DYNAMIC:
                writeDynamic(t, e.getString(c));
                break;
            case BOOL:
                t.appendRaw(e.getLong(c) != 0 ? "true" : "false");
                break;
            case DATETIME:
                t.appendInstant(e.getLong(c));
                break;
            default:
                t.appendLong(e.getLong(c));
        }
    }

    private static void writeDynamic(JsonText t, String s) {
        String trimmed = s.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            if (CanonicalJson.isCanonical(trimmed)) {
                t.appendRaw(trimmed);
                return;
            }
            String rewritten = rewritten(trimmed);
            if (rewritten != null) {
                t.appendRaw(rewritten);
                return;
            }
        }
        t.appendString(s);
    }

    /**
     * The JSON as Jackson reads it as a tree and writes it back (re-parsed so a malformed value can never corrupt
     * the output line), or null when it does not read.
     */
    private static String rewritten(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException notJson) {
            return null;
        }
        StringWriter w = new StringWriter(json.length() + 16);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
