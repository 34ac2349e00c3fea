package dev.hookline.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.expr.Dynamic;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wire format: the client sends one JSON line ({@code {"op":"status"}} or {@code {"op":"query","query":"..."}});
 * the server answers with JSON lines and closes:
 * <ul>
 * <li>error: {@code {"ok":false,"error":"..."}} (a KQL error adds kql_line, kql_column, kql_message)</li>
 * <li>status: {@code {"ok":true,"status":{...}}}</li>
 * <li>query: {@code {"ok":true,"columns":[...],"types":[...]}}, one JSON array per row, then
 * {@code {"end":true,"rows":N}} so a cut-off answer is detected.</li>
 * </ul>
 * Datetimes travel as ISO-8601 instants, timespans as ISO-8601 durations, non-finite reals as "NaN"/"Infinity"/
 * "-Infinity"; the client turns them back using the column types.
 */
final class ControlProtocol {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OP_STATUS = "status";
    static final String OP_QUERY = "query";

    private ControlProtocol() {
    }

    static String error(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ok", false);
        n.put("error", message);
        return n.toString();
    }

    static String kqlError(KqlException e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ok", false);
        n.put("error", e.getMessage());
        n.put("kql_line", e.line());
        n.put("kql_column", e.column());
        String prefix = "line " + e.line() + ", column " + e.column() + ": ";
        String msg = e.getMessage() == null ? "" : e.getMessage();
        n.put("kql_message", msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
        return n.toString();
    }

    static String header(ResultTable t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ok", true);
        ArrayNode cols = n.putArray("columns");
        t.columnNames().forEach(cols::add);
        ArrayNode types = n.putArray("types");
        t.columnTypes().forEach(types::add);
        return n.toString();
    }

    static String row(Object[] row) {
        ArrayNode a = JSON.createArrayNode();
        for (Object v : row) {
            addValue(a, v);
        }
        return a.toString();
    }

    /** A progress line, sent before the answer while a long query runs: {"progress":{"events":..,...}}. */
    static String progress(QueryProgress p, long elapsedMillis) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode v = n.putObject("progress");
        v.put("events", p.events());
        v.put("blocks", p.blocks());
        v.put("elapsed_ms", elapsedMillis);
        return n.toString();
    }

    static String end(long rows) {
        ObjectNode n = JSON.createObjectNode();
        n.put("end", true);
        n.put("rows", rows);
        return n.toString();
    }

    private static void addValue(ArrayNode a, Object v) {
        if (v == null) {
            a.addNull();
        } else if (v instanceof String) {
            a.add((String) v);
        } else if (v instanceof Long) {
            a.add((Long) v);
        } else if (v instanceof Integer) {
            a.add((Integer) v);
        } else if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isFinite(d)) {
                a.add(d);
            } else {
                a.add(Double.toString(d));
            }
        } else if (v instanceof Boolean) {
            a.add((Boolean) v);
        } else if (v instanceof Instant || v instanceof Duration) {
            a.add(v.toString());
        } else if (v instanceof List || v instanceof Map) {
            a.add(JSON.valueToTree(v)); // a dynamic array or bag travels as JSON
        } else if (v instanceof Number) {
            a.add(((Number) v).doubleValue());
        } else {
            a.add(String.valueOf(v));
        }
    }

    /** Turns a row's JSON values back into ResultTable values using the column types. */
    static Object[] decodeRow(JsonNode arr, List<String> types) throws ControlException {
        if (!arr.isArray() || arr.size() != types.size()) {
            throw new ControlException("malformed answer from the agent: a row does not match the columns");
        }
        Object[] row = new Object[types.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = decode(arr.get(i), types.get(i));
        }
        return row;
    }

    static Object decode(JsonNode v, String type) {
        if (v == null || v.isNull()) {
            return null;
        }
        String t = type == null ? "" : type;
        try {
            switch (t) {
                case "datetime":
                    return v.isTextual() ? Instant.parse(v.asText()) : v.asLong();
                case "timespan":
                    return v.isTextual() ? Duration.parse(v.asText()) : v.asLong();
                case "real":
                case "double":
                    return v.isNumber() ? v.asDouble() : Double.valueOf(v.asText());
                case "int":
                    return v.isNumber() ? (Object) v.asInt() : v.asText();
                case "long":
                    return v.isNumber() ? (Object) v.asLong() : v.asText();
                case "bool":
                    return v.isBoolean() ? (Object) v.asBoolean() : v.asText();
                case "dynamic":
                    return v.isContainerNode() ? Dynamic.normalize(JSON.convertValue(v, Object.class)) : scalar(v);
                default:
                    break;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return v.asText();
        }
        return scalar(v);
    }

    private static Object scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        return v.toString(); // dynamic: JSON text
    }

    static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr != null && arr.isArray()) {
            arr.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
