package dev.hookline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.Column;
import dev.hookline.schema.ColumnType;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written event JSON is Jackson's, char for char (so byte for byte as written and as hashed for alert
 * ids): the oracle below is the Jackson-based writer it replaced, kept verbatim.
 */
class EventJsonWriterWritesJacksonsBytesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The writer as it was (session 15): Jackson's generator over a StringWriter. */
    static String jackson(Event e) throws IOException {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
            g.writeStartObject();
            for (Column c : e.table().columns()) {
                if (e.isNull(c)) {
                    continue;
                }
                g.writeFieldName(c.name());
                switch (c.type()) {
                    case STRING -> g.writeString(e.getString(c));
                    case DYNAMIC -> {
                        String s = e.getString(c);
                        String t = s.trim();
                        boolean done = false;
                        if (t.startsWith("{") || t.startsWith("[")) {
                            try {
                                g.writeTree(MAPPER.readTree(t));
                                done = true;
                            } catch (IOException notJson) {
                                // a plain string
                            }
                        }
                        if (!done) {
                            g.writeString(s);
                        }
                    }
                    case BOOL -> g.writeBoolean(e.getLong(c) != 0);
                    case DATETIME -> g.writeString(java.time.Instant.ofEpochSecond(
                            Math.floorDiv(e.getLong(c), 1_000_000_000L),
                            Math.floorMod(e.getLong(c), 1_000_000_000L)).toString());
                    default -> g.writeNumber(e.getLong(c));
                }
            }
            g.writeStringField("Type", e.table().name());
            g.writeEndObject();
            g.flush();
        }
        return w.toString();
    }

    private static final String[] STRINGS = {
        "", " ", "plain", "q\"uote", "back\\slash", "/slash", "\b\f\n\r\t", "\u0000\u0001\u001e\u001f", "\u007f",
        "\u0080\u00ff", "h\u00f4te", "\u65e5\u672c\u8a9e", "\u2028\u2029", "\ufeff\ufffe\uffff",
        "\ud83d\ude00", "lone high \ud800", "\udc00 lone low", "\udc00\ud800 reversed", "\ud800\ud800\udc00",
        "end \ud83d", "x".repeat(5000), "\n".repeat(3000) + "tail", "\\u0041 not an escape", "{\"a\":1}",
    };

    private static final String[] DYNAMICS = {
        "{}", "[]", " {} ", "\t[ ]\n", "{\"a\":1}", "{\"a\": 1}", "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":{\"a\":2}}",
        "[1,-2,0,-0,00,1.0,1e3,1E-3,-1.5e+10,12345678901234567890123,9223372036854775807]", "[-0]", "[0.10]",
        "[true,false,null]", "[tru]", "[1,]", "{\"a\":1,}", "{\"a\":1} trailing", "[1] [2]", "[1", "{", "[",
        "{\"s\":\"\\u0041\\/\\u00e9\\u001f\\u001F\\u0008\\b\"}", "{\"s\":\"\\ud83d\\ude00\\ud800\"}",
        "{\"s\":\"raw \u00e9 \ud83d\ude00 \ud800\"}", "{\"s\":\"raw\ttab\"}", "{\"k\\\"q\":\"v\\\\\"}",
        "[NaN]", "[Infinity]", "[-Infinity]", "{'a':1}", "{a:1}", "[\"x\"/*c*/]", "[1.7976931348623157e309]",
        "[1e400]", "[4.9e-324]", "[0.1,0.30000000000000004,100.0,1.0E7,123456.789e-2]",
        "[" + "[".repeat(70) + "]".repeat(70) + "]", "[" + "[".repeat(1100) + "]".repeat(1100) + "]",
        "not json", "{not json", "  [1,2]x", "[\"" + "y".repeat(60_000) + "\"]",
        "{\"" + "k".repeat(51_000) + "\":1}", "[\"\u007f\"]", "[\"\\u007F\"]", "[\"\\u007f\"]",
    };

    private static final long[] LONGS = {
        0, 1, -1, 9, 10, 99, 100, 443, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE, 999_999_999_999_999_999L,
        1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE + 1, -1_000_000_000_000_000_000L,
    };

    private static final long[] TIMES = {
        0, 1, -1, 999, 1000, 1_000_000, 1_000_000_000, -1_000_000_000, 1_765_000_000_123_456_789L,
        1_765_000_000_123_456_000L, 1_765_000_000_123_000_000L, 1_765_000_000_000_000_000L, 951_782_400_000_000_000L,
        4_107_542_400_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE + 1, -5_000_000_000_000_000_000L,
    };

    @Test
    void everyTrickyValueInEveryColumnTypeIsWrittenAsJacksonWritesIt() throws IOException {
        for (Table t : Table.values()) {
            for (Column c : t.columns()) {
                switch (c.type()) {
                    case STRING -> {
                        for (String s : STRINGS) {
                            assertSame(new Event(t).set(c, s));
                        }
                    }
                    case DYNAMIC -> {
                        for (String s : DYNAMICS) {
                            assertSame(new Event(t).set(c, s));
                        }
                        for (String s : STRINGS) {
                            assertSame(new Event(t).set(c, s));
                        }
                    }
                    case DATETIME -> {
                        for (long v : TIMES) {
                            assertSame(new Event(t).set(c, v));
                        }
                    }
                    case BOOL -> {
                        assertSame(new Event(t).set(c, 0L));
                        assertSame(new Event(t).set(c, 1L));
                        assertSame(new Event(t).set(c, 7L));
                    }
                    default -> {
                        for (long v : LONGS) {
                            assertSame(new Event(t).set(c, v));
                        }
                    }
                }
            }
            assertSame(new Event(t)); // no column at all: just the Type
        }
    }

    @Test
    void randomEventsAreWrittenAsJacksonWritesThem() throws IOException {
        Random r = new Random(16);
        EventJsonWriter reused = new EventJsonWriter();
        for (int i = 0; i < 4000; i++) {
            Table t = Table.values()[r.nextInt(Table.values().length)];
            Event e = new Event(t);
            for (Column c : t.columns()) {
                if (r.nextInt(3) == 0) {
                    continue;
                }
                switch (c.type()) {
                    case STRING -> e.set(c, randomString(r));
                    case DYNAMIC -> e.set(c, r.nextBoolean() ? randomJson(r, 0) : randomString(r));
                    case DATETIME -> e.set(c, r.nextBoolean() ? r.nextLong() : 1_700_000_000_000_000_000L
                            + r.nextLong(100_000_000_000_000_000L) / (r.nextBoolean() ? 1 : 1_000_000) * (r
                            .nextBoolean() ? 1 : 1_000_000));
                    case BOOL -> e.set(c, r.nextInt(3));
                    default -> e.set(c, r.nextBoolean() ? r.nextLong() : r.nextInt(70_000) - 100);
                }
                if (!c.type().numeric() || e.getLong(c) != Event.NULL) {
                    continue;
                }
                e.set(c, 0L);
            }
            String expected = jackson(e);
            assertEquals(expected, reused.write(e).toString());
        }
    }

    @Test
    void textTooLargeToKeepIsDroppedAndTheWriterStillWritesRight() throws IOException {
        EventJsonWriter w = new EventJsonWriter();
        Event big = new Event(Table.DeviceProcessEvents).set(Columns.PROCESS_COMMAND_LINE, "\u0001".repeat(100_000));
        assertEquals(jackson(big), w.write(big).toString());
        Event small = new Event(Table.DeviceProcessEvents).set(Columns.PROCESS_COMMAND_LINE, "\u00e9 small");
        assertEquals(jackson(small), w.write(small).toString());
    }

    private static void assertSame(Event e) throws IOException {
        String expected = jackson(e);
        assertEquals(expected, EventJsonWriter.toJson(e), () -> "column of " + e);
        assertEquals(expected, new EventJsonWriter().write(e).toString());
    }

    private static final char[] ODD = {'"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f',
        '\u0080', '\u00e9', '\u2028', '\ud83d', '\ude00', '\ud800', '\udfff', '\uffff', ' ', '{', '[', 'u'};

    static String randomString(Random r) {
        int n = r.nextInt(r.nextInt(10) == 0 ? 400 : 24);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            sb.append(k < 6 ? (char) (' ' + r.nextInt(95)) : k < 8 ? ODD[r.nextInt(ODD.length)]
                    : (char) r.nextInt(0x10000));
        }
        return sb.toString();
    }

    private static final List<String> SCALARS = List.of("0", "-0", "1", "-17", "007", "1.5", "2e3", "1E+2", "-0.0",
            "123456789012345678", "1234567890123456789", "true", "false", "null", "nul", "\"\"", "\"a\\/b\"",
            "\"\\u0041\"", "\"\\u001F\"", "\"\\u001f\"", "\"\\n\"", "\"\\u000A\"", "\"x\"", "NaN", "\"\u00e9\"");

    /** JSON-ish text: mostly valid, some canonical, some with spaces, duplicates, floats or breakage. */
    static String randomJson(Random r, int depth) {
        int k = r.nextInt(depth > 3 ? 2 : 4);
        String ws = r.nextInt(6) == 0 ? " " : "";
        if (k == 0) {
            return SCALARS.get(r.nextInt(SCALARS.size()));
        }
        if (k == 1) {
            return "\"" + randomString(r).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        StringBuilder sb = new StringBuilder();
        boolean obj = k == 2;
        sb.append(obj ? '{' : '[').append(ws);
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',').append(ws);
            }
            if (obj) {
                sb.append('"').append((char) ('a' + r.nextInt(4))).append("\":").append(ws);
            }
            sb.append(randomJson(r, depth + 1));
        }
        sb.append(ws).append(obj ? '}' : ']');
        if (r.nextInt(40) == 0) {
            sb.setLength(sb.length() - 1); // broken
        }
        return (r.nextInt(8) == 0 ? "  " : "") + sb;
    }

    @Test
    void timesFormatIsInstantToString() {
        Random r = new Random(16);
        for (long v : TIMES) {
            assertEquals(instant(v), Times.format(v));
        }
        for (int i = 0; i < 200_000; i++) {
            long v = switch (i % 4) {
                case 0 -> r.nextLong();
                case 1 -> r.nextLong() / 1_000_000 * 1_000_000;
                case 2 -> r.nextLong() / 1000 * 1000;
                default -> r.nextLong() / 1_000_000_000 * 1_000_000_000;
            };
            assertEquals(instant(v), Times.format(v));
        }
    }

    private static String instant(long v) {
        return java.time.Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L))
                .toString();
    }

    @Test
    void columnsOfEveryTypeAreCovered() {
        for (ColumnType type : ColumnType.values()) {
            assertEquals(true, Columns.all().stream().anyMatch(c -> c.type() == type), type::name);
        }
    }
}
