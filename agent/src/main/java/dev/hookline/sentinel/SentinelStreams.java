package dev.hookline.sentinel;

import dev.hookline.schema.Column;
import dev.hookline.schema.ColumnType;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams Hookline sends to the Logs Ingestion API and the custom tables they land in. Everything here is
 * derived from the schema code the agent itself uses ({@link Table#columns()}), so the DCR template
 * ({@link ArmTemplate}) and the records the agent sends ({@link SentinelRecords}) cannot drift apart.
 */
public final class SentinelStreams {
    /** The default name of the alert stream (a DCR stream name must start with "Custom-"). */
    public static final String ALERTS_STREAM = "Custom-HooklineAlerts";
    public static final String ALERTS_TABLE = "HooklineAlerts_CL";
    /** The ingestion time column every Log Analytics table has. */
    public static final String TIME_GENERATED = "TimeGenerated";
    /** The device group column of the raw streams (Sentinel's MDE tables have it). */
    public static final String MACHINE_GROUP = "MachineGroup";

    /** A column of a stream declaration: name and DCR type (string, int, long, real, boolean, datetime, dynamic). */
    public record StreamColumn(String name, String type) {
    }

    /** One stream: its DCR stream name, the custom table it lands in, its columns; {@code source} null for alerts. */
    public record Stream(String name, String table, List<StreamColumn> columns, Table source) {
        /** The DCR output stream that writes to the custom table. */
        public String outputStream() {
            return "Custom-" + table;
        }

        public StreamColumn column(String n) {
            for (StreamColumn c : columns) {
                if (c.name().equals(n)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * The columns of the alert stream. AlertType is "Detection" for rule matches and "AgentHealth" for health
     * alerts; Kind and Message are the health alert's; AdditionalFields holds any other top-level field of an alert
     * line, so nothing an alert carries is lost.
     */
    static final List<StreamColumn> ALERT_COLUMNS = List.of(
            new StreamColumn(TIME_GENERATED, "datetime"),
            new StreamColumn("AlertId", "string"),
            new StreamColumn("AlertType", "string"),
            new StreamColumn("Timestamp", "datetime"),
            new StreamColumn("DetectedAt", "datetime"),
            new StreamColumn("DeviceName", "string"),
            new StreamColumn("DeviceId", "string"),
            new StreamColumn("RuleId", "string"),
            new StreamColumn("RuleTitle", "string"),
            new StreamColumn("Arm", "string"),
            new StreamColumn("Severity", "string"),
            new StreamColumn("Confidence", "string"),
            new StreamColumn("MitreTactics", "dynamic"),
            new StreamColumn("MitreTechniques", "dynamic"),
            new StreamColumn("Row", "dynamic"),
            new StreamColumn("Event", "dynamic"),
            new StreamColumn("ProcessAncestry", "dynamic"),
            new StreamColumn("Kind", "string"),
            new StreamColumn("Message", "string"),
            new StreamColumn("AdditionalFields", "dynamic"));

    private SentinelStreams() {
    }

    /** The alert stream under the given DCR stream name (config alerts_stream). */
    public static Stream alerts(String streamName) {
        return new Stream(streamName, ALERTS_TABLE, ALERT_COLUMNS, null);
    }

    /**
     * The raw-event stream of an MDE table: TimeGenerated, then exactly the table's columns in Microsoft's order, then
     * {@value #MACHINE_GROUP}: the device group a Defender streaming-API record (or a row exported from Sentinel)
     * carries, which Sentinel's own MDE tables have and queries group by. TenantId, the other such column, is
     * reserved in Log Analytics (it is the workspace's id) and cannot be a custom column.
     */
    public static Stream raw(Table t) {
        List<StreamColumn> cols = new ArrayList<>(t.columns().size() + 2);
        cols.add(new StreamColumn(TIME_GENERATED, "datetime"));
        for (Column c : t.columns()) {
            cols.add(new StreamColumn(c.name(), dcrType(c.type())));
        }
        cols.add(new StreamColumn(MACHINE_GROUP, "string"));
        String base = rawBaseName(t);
        return new Stream("Custom-" + base, base + "_CL", List.copyOf(cols), t);
    }

    /** DeviceProcessEvents → HooklineProcessEvents (the table is HooklineProcessEvents_CL). */
    static String rawBaseName(Table t) {
        return "Hookline" + t.name().replaceFirst("^Device", "");
    }

    /** Every stream: the alert stream first, then one per MDE table. */
    public static List<Stream> all(String alertStreamName) {
        List<Stream> out = new ArrayList<>();
        out.add(alerts(alertStreamName));
        for (Table t : Table.values()) {
            out.add(raw(t));
        }
        return out;
    }

    /** Our column type as a DCR stream declaration type. */
    public static String dcrType(ColumnType t) {
        switch (t) {
            case STRING:
                return "string";
            case LONG:
                return "long";
            case INT:
                return "int";
            case DATETIME:
                return "datetime";
            case BOOL:
                return "boolean";
            case DYNAMIC:
                return "dynamic";
            default:
                throw new IllegalArgumentException("no DCR type for " + t);
        }
    }
}
