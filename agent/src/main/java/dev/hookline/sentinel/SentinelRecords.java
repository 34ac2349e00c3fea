package dev.hookline.sentinel;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.Map;

/**
 * Shapes the records sent to the Logs Ingestion API: an alert JSON line becomes a row of the alert stream, an
 * {@link Event} a row of its table's raw stream; the field names are exactly those of {@link SentinelStreams}.
 *
 * <p>Size policy (the service's documented limits: 1 MB per call, 64 KB per field value): a field value longer than
 * {@link #MAX_FIELD_BYTES} UTF-8 bytes is truncated here at a character boundary (the service would truncate it
 * anyway; doing it here keeps the record under the call limit and is counted). A dynamic value that is too long
 * becomes the truncated text of its JSON. A record that is still larger than the per-call limit is dropped and
 * counted — it could never be sent, and retrying it would block everything behind it.
 *
 * <p>Not thread-safe: one instance per writer thread (the output synchronizes).
 */
public final class SentinelRecords {
    /** The documented per-field limit of the Logs Ingestion API. */
    public static final int MAX_FIELD_BYTES = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> ALERT_COLUMN_NAMES = new HashSet<>();

    static {
        SentinelStreams.ALERT_COLUMNS.forEach(c -> ALERT_COLUMN_NAMES.add(c.name()));
    }

    private final int maxRecordBytes;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
    private long truncatedFields;
    private long droppedTooLarge;
    private long badAlertLines;

    /** @param maxRecordBytes the largest record that fits a call (the body limit less the array brackets) */
    public SentinelRecords(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The alert line as an alert-stream record, or null (counted) when it is not a JSON object or too large. */
    public byte[] alert(String jsonLine) {
        JsonNode in;
        try {
            in = MAPPER.readTree(jsonLine);
        } catch (IOException e) {
            in = null;
        }
        if (in == null || !in.isObject()) {
            badAlertLines++;
            return null;
        }
        ObjectNode out = NODES.objectNode();
        JsonNode ts = in.get("Timestamp");
        JsonNode detected = in.get("DetectedAt");
        JsonNode time = textual(ts) ? ts : textual(detected) ? detected : TextNode.valueOf(Times.format(Times.nowNanos()));
        out.set(SentinelStreams.TIME_GENERATED, time);
        JsonNode event = in.get("Event");
        ObjectNode extra = NODES.objectNode();
        for (SentinelStreams.StreamColumn c : SentinelStreams.ALERT_COLUMNS) {
            String n = c.name();
            if (n.equals(SentinelStreams.TIME_GENERATED) || n.equals("AdditionalFields")) {
                continue;
            }
            JsonNode v = in.get(n);
            if (v == null && (n.equals("DeviceName") || n.equals("DeviceId")) && event != null) {
                v = event.get(n); // a detection names its device inside the event
            }
            if (v == null && n.equals("AlertType")) {
                v = TextNode.valueOf("Detection");
            }
            if (v != null && !v.isNull()) {
                out.set(n, limit(v));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ALERT_COLUMN_NAMES.contains(e.getKey())) {
                extra.set(e.getKey(), e.getValue());
            }
        }
        if (extra.size() > 0) {
            out.set("AdditionalFields", limit(extra));
        }
        try {
            byte[] b = MAPPER.writeValueAsBytes(out);
            return fits(b);
        } catch (IOException e) {
            badAlertLines++;
            return null;
        }
    }

    /** The event as a row of its table's raw stream (TimeGenerated = the event's Timestamp), or null if too large. */
    public byte[] event(Event e) {
        buf.reset();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(buf)) {
            g.writeStartObject();
            long ts = e.getLong(Columns.TIMESTAMP);
            g.writeStringField(SentinelStreams.TIME_GENERATED, Times.format(ts != Event.NULL ? ts : Times.nowNanos()));
            for (Column c : e.table().columns()) {
                if (e.isNull(c)) {
                    continue;
                }
                g.writeFieldName(c.name());
                switch (c.type()) {
                    case STRING:
                        g.writeString(limitText(e.getString(c)));
                        break;
                    case DYNAMIC:
                        writeDynamic(g, e.getString(c));
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
            if (!e.isNull(Columns.MACHINE_GROUP)) {
                // not a column of the table: read from a streaming-API record (or a Sentinel export) and kept
                g.writeStringField(SentinelStreams.MACHINE_GROUP, limitText(e.getString(Columns.MACHINE_GROUP)));
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("in-memory JSON failed", ex);
        }
        return fits(buf.toByteArray());
    }

    private void writeDynamic(JsonGenerator g, String s) throws IOException {
        String t = s.trim();
        if ((t.startsWith("{") || t.startsWith("[")) && t.length() <= MAX_FIELD_BYTES) {
            try {
                g.writeTree(MAPPER.readTree(t)); // re-parsed: a malformed value never corrupts the record
                return;
            } catch (IOException notJson) {
                // sent as text
            }
        }
        g.writeString(limitText(s));
    }

    private byte[] fits(byte[] b) {
        if (b.length > maxRecordBytes) {
            droppedTooLarge++;
            return null;
        }
        return b;
    }

    private static boolean textual(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty();
    }

    /** The value, or its truncated text when it is longer than the field limit. */
    private JsonNode limit(JsonNode v) {
        if (v.isTextual()) {
            String s = v.asText();
            String l = limitText(s);
            return l == s ? v : TextNode.valueOf(l);
        }
        if (v.isContainerNode()) {
            String json = v.toString();
            if (utf8Length(json) > MAX_FIELD_BYTES) {
                truncatedFields++;
                return TextNode.valueOf(truncateUtf8(json, MAX_FIELD_BYTES));
            }
        }
        return v;
    }

    private String limitText(String s) {
        // a char is at most 3 UTF-8 bytes: short strings skip the exact count
        if (s.length() * 3L <= MAX_FIELD_BYTES || utf8Length(s) <= MAX_FIELD_BYTES) {
            return s;
        }
        truncatedFields++;
        return truncateUtf8(s, MAX_FIELD_BYTES);
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The longest prefix of s whose UTF-8 form fits maxBytes, never splitting a surrogate pair. */
    static String truncateUtf8(String s, int maxBytes) {
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int w;
            int step = 1;
            if (c < 0x80) {
                w = 1;
            } else if (c < 0x800) {
                w = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                w = 4;
                step = 2;
            } else {
                w = 3;
            }
            if (n + w > maxBytes) {
                break;
            }
            n += w;
            i += step;
        }
        return s.substring(0, i);
    }

    public long truncatedFields() {
        return truncatedFields;
    }

    public long droppedTooLarge() {
        return droppedTooLarge;
    }

    public long badAlertLines() {
        return badAlertLines;
    }
}
