package dev.hookline.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.schema.Column;
import dev.hookline.schema.ColumnType;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads MDE events as JSON Lines: one flat object of MDE columns plus {@code "Type": "<table>"} (Log Analytics
 * export), or the Defender streaming-API envelope {@code {"category":"AdvancedHunting-<table>","properties":{...}}},
 * optionally wrapped as {@code {"records":[...]}} (Event Hubs). Columns the table does not have are kept in
 * AdditionalFields; a malformed line or a wrongly typed value is reported with its line number and skipped.
 * Thread-safe: {@link #parseLine} may run on several threads at once (each with its own Rows).
 */
public final class EventJsonReader {
    private static final String CATEGORY_PREFIX = "AdvancedHunting-";

    /** Where a line's events go: {@link #open} gives an event to fill, {@link #commit} keeps the one filled. */
    public interface Rows {
        Event open();

        void commit();
    }

    /** Where a line's problems go, by line number: lines skipped, and lines read after a repair. */
    public interface Problems {
        void skipped(long lineNo, String reason);

        void repaired(long lineNo, String reason);
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final BadLines badLines;
    private final Table defaultTable;

    public EventJsonReader() {
        this(null, null);
    }

    public EventJsonReader(BadLines badLines) {
        this(badLines, null);
    }

    /**
     * @param badLines where {@link #read} reports problems (null for {@link #parseLine} alone)
     * @param defaultTable table for lines that name none (null: such lines are errors)
     */
    public EventJsonReader(BadLines badLines, Table defaultTable) {
        this.badLines = badLines;
        this.defaultTable = defaultTable;
    }

    /**
     * Reads every line of already decoded text (tests and callers holding a Reader), handing each event to the
     * consumer (the Event instance is reused between calls). Files and streams go through {@link EventFileReader},
     * which also bounds line length and repairs invalid UTF-8.
     */
    public long read(BufferedReader in, Consumer<Event> consumer) throws IOException {
        Event scratch = new Event();
        Rows rows = new Rows() {
            @Override
            public Event open() {
                return scratch;
            }

            @Override
            public void commit() {
                consumer.accept(scratch);
            }
        };
        Problems problems = new Problems() {
            @Override
            public void skipped(long lineNo, String reason) {
                badLines.add(lineNo, reason);
            }

            @Override
            public void repaired(long lineNo, String reason) {
                badLines.add(lineNo, reason);
            }
        };
        long lineNo = 0;
        long events = 0;
        String line;
        while ((line = in.readLine()) != null) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            events += parseLine(b, 0, b.length, ++lineNo, rows, problems);
        }
        return events;
    }

    /**
     * Parses one line, bytes [off, off+len) without its line end: a JSON object (one event) or {"records":[...]}
     * (several). Each event is filled into {@code rows.open()} and kept with {@code rows.commit()}; a line or record
     * that cannot be read is reported to problems and skipped. Invalid UTF-8 is read as U+FFFD (so one bad byte in
     * a command line does not hide the process from the rules) and reported as a repair.
     *
     * @return the events committed
     */
    public int parseLine(byte[] b, int off, int len, long lineNo, Rows rows, Problems problems) {
        if (blank(b, off, len)) {
            return 0;
        }
        JsonNode node;
        try {
            int bad = firstInvalidUtf8(b, off, len);
            if (bad < 0) {
                int n = readFlat(b, off, len, rows);
                if (n >= 0) {
                    return n;
                }
                node = mapper.readTree(b, off, len);
            } else {
                problems.repaired(lineNo, "invalid UTF-8 at byte " + (bad - off + 1) + ", read as U+FFFD");
                node = mapper.readTree(new String(b, off, len, StandardCharsets.UTF_8));
            }
        } catch (JsonProcessingException e) {
            problems.skipped(lineNo, "not valid JSON: " + e.getOriginalMessage());
            return 0;
        } catch (IOException e) {
            problems.skipped(lineNo, "not valid JSON: " + e.getMessage());
            return 0;
        }
        if (node == null || !node.isObject()) {
            problems.skipped(lineNo, "expected a JSON object");
            return 0;
        }
        JsonNode records = node.get("records");
        int events = 0;
        if (records != null && records.isArray()) {
            for (JsonNode r : records) {
                events += readOne(r, lineNo, rows, problems);
            }
        } else {
            events += readOne(node, lineNo, rows, problems);
        }
        return events;
    }

    /** A flat row's fields, held until its "Type" (usually last) says which table they belong to. */
    private static final class Pending {
        Column[] columns = new Column[32];
        String[] strings = new String[32];
        long[] longs = new long[32];
        int n;

        void add(Column c, String s, long l) {
            if (n == columns.length) {
                columns = Arrays.copyOf(columns, n * 2);
                strings = Arrays.copyOf(strings, n * 2);
                longs = Arrays.copyOf(longs, n * 2);
            }
            columns[n] = c;
            strings[n] = s;
            longs[n] = l;
            n++;
        }
    }

    private final ThreadLocal<Pending> pending = ThreadLocal.withInitial(Pending::new);

    /**
     * The usual line, read straight from the parser's tokens without building a tree (a third of the cost): one flat
     * object of the table's own columns with scalar values of their types, and "Type". Anything else (envelopes,
     * records, nested values, columns for AdditionalFields, a value to report, a syntax error) returns -1 before
     * anything is committed, and the general path reads the line again.
     *
     * @return 1 when the event was committed, -1 when the general path must read the line
     */
    private int readFlat(byte[] b, int off, int len, Rows rows) {
        Pending pd = pending.get();
        pd.n = 0;
        try {
            String tableName = null;
            try (JsonParser p = mapper.getFactory().createParser(b, off, len)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return -1;
                }
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("Type")) {
                        if (v != JsonToken.VALUE_STRING) {
                            return -1;
                        }
                        tableName = p.getText();
                        continue;
                    }
                    if (ignored(name)) {
                        p.skipChildren();
                        continue;
                    }
                    Column c = Columns.byName(name);
                    if (c == null) {
                        return -1;
                    }
                    if (v == JsonToken.VALUE_NULL) {
                        pd.add(c, null, Event.NULL); // kept only to check the column belongs to the table
                        continue;
                    }
                    if (!flatValue(p, v, c, pd)) {
                        return -1;
                    }
                }
                if (t != JsonToken.END_OBJECT) {
                    return -1;
                }
            }
            Table table = tableName == null ? defaultTable : Table.byName(tableName);
            if (table == null) {
                return -1;
            }
            for (int i = 0; i < pd.n; i++) {
                if (!table.has(pd.columns[i]) && !sentinelColumn(pd.columns[i])) {
                    return -1;
                }
            }
            Event e = rows.open().reset(table);
            for (int i = 0; i < pd.n; i++) {
                Column c = pd.columns[i];
                if (c.type().numeric()) {
                    if (pd.longs[i] != Event.NULL) {
                        e.set(c, pd.longs[i]);
                    }
                } else if (pd.strings[i] != null) {
                    e.set(c, pd.strings[i]);
                }
            }
            rows.commit();
            return 1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } finally {
            Arrays.fill(pd.strings, 0, pd.n, null);
        }
    }

    /** One scalar value of its column's type, as {@link #setValue} would read it; false when it cannot say. */
    private static boolean flatValue(JsonParser p, JsonToken v, Column c, Pending pd) throws IOException {
        switch (c.type()) {
            case STRING:
            case DYNAMIC:
                if (v != JsonToken.VALUE_STRING) {
                    return false;
                }
                pd.add(c, p.getText(), Event.NULL);
                return true;
            case LONG:
            case INT: {
                long n;
                if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    n = p.getLongValue();
                } else if (v == JsonToken.VALUE_STRING) {
                    try {
                        n = Long.parseLong(p.getText().trim());
                    } catch (NumberFormatException e) {
                        return false;
                    }
                } else {
                    return false;
                }
                if (n == Event.NULL || c.type() == ColumnType.INT && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                    return false;
                }
                pd.add(c, null, n);
                return true;
            }
            case BOOL:
                if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                    pd.add(c, null, v == JsonToken.VALUE_TRUE ? 1 : 0);
                    return true;
                }
                return false;
            case DATETIME:
                if (v != JsonToken.VALUE_STRING) {
                    return false;
                }
                try {
                    pd.add(c, null, IsoTimestamps.parse(p.getText()));
                    return true;
                } catch (DateTimeParseException | ArithmeticException e) {
                    return false;
                }
            default:
                return false;
        }
    }

    /** Log Analytics' own fields that no query reads from the file: TimeGenerated is the row's Timestamp. */
    private static boolean ignored(String name) {
        return name.equals("TimeGenerated") || name.startsWith("_");
    }

    /** Sentinel's columns an exported row carries: kept for queries (TenantId, MachineGroup, SourceSystem). */
    private static boolean sentinelColumn(Column c) {
        return c == Columns.TENANT_ID || c == Columns.MACHINE_GROUP || c == Columns.SOURCE_SYSTEM;
    }

    private static boolean blank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != 0x0B) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first byte that is not valid UTF-8, or -1; ASCII lines (the usual case) cost one pass. */
    static int firstInvalidUtf8(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return -1;
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(b, i, end - i);
        CharBuffer out = CharBuffer.allocate(end - i);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            return in.position();
        }
        r = d.flush(out);
        return r.isError() ? in.position() : -1;
    }

    private int readOne(JsonNode node, long lineNo, Rows rows, Problems problems) {
        try {
            if (!fill(node, rows.open())) {
                problems.skipped(lineNo, "no table: expected \"Type\" (or a streaming-API \"category\") naming "
                        + "DeviceProcessEvents, DeviceNetworkEvents or DeviceFileEvents");
                return 0;
            }
        } catch (BadValueException ex) {
            problems.skipped(lineNo, ex.getMessage());
            return 0;
        }
        rows.commit();
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
            if (name.equals("Type") || ignored(name)) {
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
                    e.set(c, IsoTimestamps.parse(v.asText()));
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
