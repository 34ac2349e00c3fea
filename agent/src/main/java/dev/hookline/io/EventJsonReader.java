package dev.hookline.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.schema.Column;
import dev.hookline.schema.ColumnType;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads MDE events as JSON Lines: one flat object of MDE columns plus {@code "Type": "<table>"} (Log Analytics
 * export), or the Defender streaming-API envelope {@code {"category":"AdvancedHunting-<table>","properties":{...}}},
 * optionally wrapped as {@code {"records":[...]}} (Event Hubs). Columns the table does not have are kept in
 * AdditionalFields; a malformed line or a wrongly typed value is reported with its line number and skipped.
 */
public final class EventJsonReader {
    private static final String CATEGORY_PREFIX = "AdvancedHunting-";
    private final ObjectMapper mapper = new ObjectMapper();
    private final BadLines badLines;
    private final Table defaultTable;

    public EventJsonReader(BadLines badLines) {
        this(badLines, null);
    }

    /** @param defaultTable table for lines that name none (null: such lines are errors) */
    public EventJsonReader(BadLines badLines, Table defaultTable) {
        this.badLines = badLines;
        this.defaultTable = defaultTable;
    }

    /** Reads every line, handing each event to the consumer (the Event instance is reused between calls). */
    public long read(BufferedReader in, Consumer<Event> consumer) throws IOException {
        Event scratch = new Event();
        long lineNo = 0;
        long events = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                badLines.add(lineNo, "not valid JSON: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject()) {
                badLines.add(lineNo, "expected a JSON object");
                continue;
            }
            JsonNode records = node.get("records");
            if (records != null && records.isArray()) {
                for (JsonNode r : records) {
                    events += readOne(r, lineNo, scratch, consumer);
                }
            } else {
                events += readOne(node, lineNo, scratch, consumer);
            }
        }
        return events;
    }

    private int readOne(JsonNode node, long lineNo, Event e, Consumer<Event> consumer) {
        try {
            if (!fill(node, e)) {
                badLines.add(lineNo, "no table: expected \"Type\" (or a streaming-API \"category\") naming "
                        + "DeviceProcessEvents, DeviceNetworkEvents or DeviceFileEvents");
                return 0;
            }
        } catch (BadValueException ex) {
            badLines.add(lineNo, ex.getMessage());
            return 0;
        }
        consumer.accept(e);
        return 1;
    }

    /** Fills the event from one JSON object; false when the table is unknown. */
    public boolean fill(JsonNode node, Event e) throws BadValueException {
        JsonNode props = node;
        String tableName = text(node.get("Type"));
        JsonNode category = node.get("category");
        if (category != null && node.get("properties") != null && node.get("properties").isObject()) {
            props = node.get("properties");
            String c = text(category);
            if (c != null && c.startsWith(CATEGORY_PREFIX)) {
                tableName = c.substring(CATEGORY_PREFIX.length());
            }
        }
        if (tableName == null) {
            tableName = text(props.get("Type"));
        }
        Table table = tableName == null ? defaultTable : Table.byName(tableName);
        if (table == null) {
            if (tableName != null) {
                throw new BadValueException("unknown table \"" + tableName + "\"");
            }
            return false;
        }
        e.reset(table);
        ObjectNode extra = null;
        Iterator<Map.Entry<String, JsonNode>> it = props.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (name.equals("TenantId") || name.equals("SourceSystem") || name.equals("MachineGroup")) {
                // Sentinel's columns an exported row carries: kept for queries (SentinelColumns), never written.
                JsonNode v = f.getValue();
                e.set(Columns.byName(name), v == null || v.isNull() ? null : v.asText());
                continue;
            }
            if (name.equals("Type") || name.equals("TimeGenerated") || name.startsWith("_")) {
                continue;
            }
            Column c = Columns.byName(name);
            if (c == null || !table.has(c)) {
                if (extra == null) {
                    extra = mapper.createObjectNode();
                }
                extra.set(name, f.getValue());
                continue;
            }
            setValue(e, c, f.getValue());
        }
        if (extra != null) {
            mergeAdditional(e, extra);
        }
        return true;
    }

    private void mergeAdditional(Event e, ObjectNode extra) {
        String existing = e.getString(Columns.ADDITIONAL_FIELDS);
        ObjectNode merged = extra;
        if (existing != null && !existing.isEmpty()) {
            try {
                JsonNode old = mapper.readTree(existing);
                if (old.isObject()) {
                    merged = ((ObjectNode) old).setAll(extra);
                } else {
                    merged = mapper.createObjectNode();
                    merged.set("AdditionalFields", old);
                    merged.setAll(extra);
                }
            } catch (JsonProcessingException ex) {
                merged = mapper.createObjectNode();
                merged.put("AdditionalFields", existing);
                merged.setAll(extra);
            }
        }
        e.set(Columns.ADDITIONAL_FIELDS, merged.toString());
    }

    static void setValue(Event e, Column c, JsonNode v) throws BadValueException {
        if (v == null || v.isNull()) {
            return;
        }
        ColumnType t = c.type();
        switch (t) {
            case STRING:
                if (v.isContainerNode()) {
                    throw bad(c, v);
                }
                e.set(c, v.asText());
                return;
            case DYNAMIC:
                e.set(c, v.isTextual() ? v.asText() : v.toString());
                return;
            case LONG:
            case INT:
                e.set(c, integer(c, v));
                return;
            case BOOL:
                if (v.isBoolean()) {
                    e.set(c, v.booleanValue());
                } else if (v.isIntegralNumber() && (v.asLong() == 0 || v.asLong() == 1)) {
                    e.set(c, v.asLong() == 1);
                } else if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
                    e.set(c, v.asText().equalsIgnoreCase("true"));
                } else {
                    throw bad(c, v);
                }
                return;
            case DATETIME:
                if (!v.isTextual()) {
                    throw bad(c, v);
                }
                try {
                    e.set(c, Times.parse(v.asText()));
                } catch (DateTimeParseException | ArithmeticException ex) {
                    throw bad(c, v);
                }
                return;
            default:
                throw new IllegalStateException(t.name());
        }
    }

    private static long integer(Column c, JsonNode v) throws BadValueException {
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual()) {
            try {
                n = Long.parseLong(v.asText().trim());
            } catch (NumberFormatException ex) {
                throw bad(c, v);
            }
        } else {
            throw bad(c, v);
        }
        if (c.type() == ColumnType.INT && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
            throw bad(c, v);
        }
        if (n == Event.NULL) {
            throw bad(c, v);
        }
        return n;
    }

    private static BadValueException bad(Column c, JsonNode v) {
        String shown = v.toString();
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "...";
        }
        return new BadValueException("column " + c.name() + ": expected " + c.type().kustoName() + ", got " + shown);
    }

    private static String text(JsonNode n) {
        return n == null || !n.isTextual() ? null : n.asText();
    }

    /** A value of the wrong type for its column. */
    public static final class BadValueException extends Exception {
        private static final long serialVersionUID = 1L;

        BadValueException(String message) {
            super(message);
        }
    }
}
