package dev.hookline.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.Column;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
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
    /** Per table (ordinal), its columns as the writer walks them. */
    private static final Plan[] PLANS = plans();

    private final JsonText text = new JsonText();

    /**
     * A table's columns in order as flat arrays (the walk over a List of Columns with a type switch per column was
     * a third of the writing): each column's id, how its value is written, and its {@code "Name":} as JSON.
     */
    private record Plan(int[] ids, byte[] kinds, char[][] names, char[] type) {
    }

    private static final byte TEXT = 0;
    private static final byte DYNAMIC = 1;
    private static final byte BOOL = 2;
    private static final byte DATETIME = 3;
    private static final byte NUMBER = 4;

    private static Plan[] plans() {
        JsonText t = new JsonText();
        Plan[] plans = new Plan[Table.values().length];
        for (Table table : Table.values()) {
            List<Column> cols = table.columns();
            int[] ids = new int[cols.size()];
            byte[] kinds = new byte[cols.size()];
            char[][] names = new char[cols.size()][];
            for (int i = 0; i < ids.length; i++) {
                Column c = cols.get(i);
                ids[i] = c.id();
                kinds[i] = switch (c.type()) {
                    case STRING -> TEXT;
                    case DYNAMIC -> DYNAMIC;
                    case BOOL -> BOOL;
                    case DATETIME -> DATETIME;
                    default -> NUMBER;
                };
                names[i] = t.clear().appendString(c.name()).append(':').toString().toCharArray();
            }
            char[] type = t.clear().appendRaw("\"Type\":").appendString(table.name()).append('}').toString()
                    .toCharArray();
            plans[table.ordinal()] = new Plan(ids, kinds, names, type);
        }
        return plans;
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
        Plan plan = PLANS[e.table().ordinal()];
        int[] ids = plan.ids;
        byte[] kinds = plan.kinds;
        t.append('{');
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            byte kind = kinds[i];
            if (kind <= DYNAMIC) {
                String s = e.getString(id);
                if (s == null) {
                    continue;
                }
                t.appendRaw(plan.names[i]);
                if (kind == TEXT) {
                    t.appendString(s);
                } else {
                    writeDynamic(t, s);
                }
            } else {
                long v = e.getLong(id);
                if (v == Event.NULL) {
                    continue;
                }
                t.appendRaw(plan.names[i]);
                if (kind == DATETIME) {
                    t.appendInstant(v);
                } else if (kind == BOOL) {
                    t.appendRaw(v != 0 ? "true" : "false");
                } else {
                    t.appendLong(v);
                }
            }
            t.append(',');
        }
        return t.appendRaw(plan.type);
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
