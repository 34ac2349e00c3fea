package dev.hookline.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shapes records in Microsoft Defender's streaming-API envelope, one record per event or alert:
 * {@code {"time":..., "tenantId":..., "operationName":"Publish", "category":"AdvancedHunting-<Table>",
 * "properties":{row}}}. {@code time} is when Hookline published the record (the streaming API puts the time
 * Defender received the event there; the event's own time is {@code properties.Timestamp}). The row has every column
 * of its table in Microsoft's order, absent values as null, datetimes as ISO-8601 UTC, dynamic columns as the JSON
 * text (as the streaming API writes AdditionalFields). An alert's category is {@value #ALERT_CATEGORY}, its
 * properties the alert object as the alert file has it.
 *
 * <p>A shaped record is stored in the spool as {@code DeviceId TAB record} so that the sender can key the Kafka
 * message without parsing it again; {@link #key} and {@link #value} split it. A record that cannot fit one message
 * ({@code maxMessageBytes} less the {@code {"records":[]}} wrapper) is dropped here and counted.
 *
 * <p>Not thread-safe: one instance per writer (the output synchronizes).
 */
public final class StreamingRecords {
    public static final String CATEGORY_PREFIX = "AdvancedHunting-";
    /** Our own category for alerts: not an Advanced Hunting table, so consumers routing on the prefix skip it. */
    public static final String ALERT_CATEGORY = "Hookline-Alerts";
    public static final String OPERATION = "Publish";
    static final byte[] OPEN = "{\"records\":[".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String tenantId;
    private final int maxRecordBytes;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
    private long droppedTooLarge;
    private long badAlertLines;

    public StreamingRecords(String tenantId, int maxMessageBytes) {
        this.tenantId = tenantId == null ? "" : tenantId;
        this.maxRecordBytes = maxMessageBytes - OPEN.length - CLOSE.length;
    }

    /** The event as a spool entry (key TAB record), or null when it is too large (counted). */
    public byte[] event(Event e, long nowNanos) {
        buf.reset();
        String device = e.isNull(Columns.DEVICE_ID) ? "" : e.getString(Columns.DEVICE_ID);
        writeKey(device);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(buf)) {
            head(g, nowNanos, CATEGORY_PREFIX + e.table().name());
            g.writeObjectFieldStart("properties");
            for (Column c : e.table().columns()) {
                g.writeFieldName(c.name());
                if (e.isNull(c)) {
                    g.writeNull();
                    continue;
                }
                switch (c.type()) {
                    case STRING:
                    case DYNAMIC:
                        g.writeString(e.getString(c));
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
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("in-memory JSON failed", ex);
        }
        return fits(buf.toByteArray(), device);
    }

    /** The alert line as a spool entry, or null (counted) when it is not a JSON object or too large. */
    public byte[] alert(String jsonLine, long nowNanos) {
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
        String device = text(in.get("DeviceId"));
        if (device.isEmpty() && in.get("Event") != null) {
            device = text(in.get("Event").get("DeviceId")); // a detection names its device inside the event
        }
        buf.reset();
        writeKey(device);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(buf)) {
            head(g, nowNanos, ALERT_CATEGORY);
            g.writeFieldName("properties");
            g.writeTree(in);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("in-memory JSON failed", ex);
        }
        return fits(buf.toByteArray(), device);
    }

    private void head(JsonGenerator g, long nowNanos, String category) throws IOException {
        g.writeStartObject();
        g.writeStringField("time", Times.format(nowNanos));
        g.writeStringField("tenantId", tenantId);
        g.writeStringField("operationName", OPERATION);
        g.writeStringField("category", category);
    }

    private void writeKey(String device) {
        byte[] k = device.replace('\t', ' ').getBytes(StandardCharsets.UTF_8);
        buf.write(k, 0, k.length);
        buf.write('\t');
    }

    private byte[] fits(byte[] entry, String device) {
        int keyBytes = device.getBytes(StandardCharsets.UTF_8).length + 1;
        if (entry.length - keyBytes > maxRecordBytes) {
            droppedTooLarge++;
            return null;
        }
        return entry;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }

    /** The message key of a spool entry: the DeviceId's bytes, or null when the record has none. */
    public static byte[] key(byte[] entry) {
        int tab = tab(entry);
        return tab <= 0 ? null : Arrays.copyOf(entry, tab);
    }

    /** The record of a spool entry (the JSON object after the key). */
    public static byte[] value(byte[] entry) {
        int tab = tab(entry);
        return Arrays.copyOfRange(entry, tab + 1, entry.length);
    }

    private static int tab(byte[] entry) {
        for (int i = 0; i < entry.length; i++) {
            if (entry[i] == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** One Kafka message: its key and the {@code {"records":[...]}} value, and how many spool entries it holds. */
    public record Message(byte[] key, byte[] value, int records) {
    }

    /**
     * Packs consecutive spool entries into messages of at most {@code maxMessageBytes}: a new message starts when
     * the key changes (a message has one key, so it lands on that device's partition) or the next record would not
     * fit. Order is kept, so acknowledging all messages acknowledges the entries in order.
     */
    public static List<Message> pack(List<byte[]> entries, int maxMessageBytes) {
        List<Message> out = new ArrayList<>();
        ByteArrayOutputStream value = new ByteArrayOutputStream(Math.min(maxMessageBytes, 64 * 1024));
        byte[] key = null;
        int n = 0;
        for (byte[] entry : entries) {
            byte[] k = key(entry);
            byte[] v = value(entry);
            boolean sameKey = n > 0 && Arrays.equals(k, key);
            int size = value.size() + 1 + v.length + CLOSE.length;
            if (n > 0 && (!sameKey || size > maxMessageBytes)) {
                out.add(finish(key, value, n));
                n = 0;
            }
            if (n == 0) {
                value.reset();
                value.write(OPEN, 0, OPEN.length);
                key = k;
            } else {
                value.write(',');
            }
            value.write(v, 0, v.length);
            n++;
        }
        if (n > 0) {
            out.add(finish(key, value, n));
        }
        return out;
    }

    private static Message finish(byte[] key, ByteArrayOutputStream value, int n) {
        value.write(CLOSE, 0, CLOSE.length);
        return new Message(key, value.toByteArray(), n);
    }

    public long droppedTooLarge() {
        return droppedTooLarge;
    }

    public long badAlertLines() {
        return badAlertLines;
    }
}
