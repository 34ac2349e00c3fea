package dev.hookline.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.Column;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes an event as one flat JSON object of its table's non-null columns in Microsoft's order, then "Type",
 * as Log Analytics exports rows. AdditionalFields holding a JSON object or array is embedded as JSON.
 */
public final class EventJsonWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private EventJsonWriter() {
    }

    public static String toJson(Event e) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, e);
            g.flush();
            return w.toString();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes the event as a JSON object to the generator. */
    public static void write(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        for (Column c : e.table().columns()) {
            if (e.isNull(c)) {
                continue;
            }
            g.writeFieldName(c.name());
            writeValue(g, e, c);
        }
        g.writeStringField("Type", e.table().name());
        g.writeEndObject();
    }

    static void writeValue(JsonGenerator g, Event e, Column c) throws IOException {
        switch (c.type()) {
            case STRING:
                g.writeString(e.getString(c));
                break;
            case DYNAMIC:
                String s = e.getString(c);
                String t = s.trim();
                if (t.startsWith("{") || t.startsWith("[")) {
                    try {
                        // Re-parsed so a malformed value can never corrupt the output line.
                        g.writeTree(MAPPER.readTree(t));
                        break;
                    } catch (IOException notJson) {
                        // falls through to a plain string
                    }
                }
                g.writeString(s);
                break;
            case BOOL:
                g.writeBoolean(e.getLong(c) != 0);
                break;
            case DATETIME:
                g.writeString(Times.format(e.getLong(c)));
                break;
            default:
                g.writeNumber(e.getLong(c));
        }
    }
}
