package dev.hookline.metrics;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a status counter's key ({@code ring_published}, {@code linux-audit.kernel_lost},
 * {@code ring_events_DeviceProcessEvents}, {@code uptime_s}...) into a Prometheus series: a snake_case name under a
 * prefix, counter or gauge, the unit at the end of the name in base units (seconds, bytes), and a {@code table}
 * label where the key carries a table name. Counters are named without {@code _total}: the client library adds it.
 * One place decides, so every status key gets a name without each counter source knowing about Prometheus.
 */
public final class MetricNames {
    /** The series of one status key. {@code scale} multiplies the value (milliseconds to seconds). */
    public record Series(String name, boolean counter, String labelName, String labelValue, double scale,
            String key) {
    }

    /**
     * Endings of keys whose value is a level, not a running count. Everything else in status is a count that only
     * grows while the process lives (reset by a restart, as Prometheus counters expect).
     */
    private static final List<String> GAUGE_ENDINGS = List.of("uptime_s", "_live", "processes_retired", "_held",
            "backlog", "capacity", "high_water", "depth", "queued", "sink_queue", "sink_queue_bytes", "window_size",
            "connection_state", "last_error_status", "last_status", "age_ms", "epoch_s", "spool_bytes", "store_bytes",
            "spool_segments", "store_segments", "scheduled_rules", "inflight_events", "open_connections");

    private static final Pattern EVENTS_OF_TABLE = Pattern.compile("(.*_)?events_([A-Z][A-Za-z]+)");
    private static final Pattern RAW_FILE_OF_TABLE = Pattern.compile("raw_([A-Z][A-Za-z]+)_(.+)");

    private MetricNames() {
    }

    public static Series of(String prefix, String key) {
        String label = null;
        String labelValue = null;
        String k = key;
        Matcher m = EVENTS_OF_TABLE.matcher(k);
        Matcher raw = RAW_FILE_OF_TABLE.matcher(k);
        if (m.matches()) {
            label = "table";
            labelValue = m.group(2);
            k = (m.group(1) == null ? "" : m.group(1)) + "events";
        } else if (raw.matches()) {
            label = "table";
            labelValue = raw.group(1);
            k = "raw_events_file_" + raw.group(2);
        }
        boolean counter = isCounter(key);
        String name = k.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        double scale = 1;
        if (name.endsWith("_epoch_s")) {
            name = name.substring(0, name.length() - "_epoch_s".length()) + "_timestamp_seconds";
        } else if (name.endsWith("_ms")) {
            name = name.substring(0, name.length() - "_ms".length()) + "_seconds";
            scale = 0.001;
        } else if (name.endsWith("_s")) {
            name = name.substring(0, name.length() - "_s".length()) + "_seconds";
        }
        // the unit last: bytes_written -> written_bytes, torn_bytes_cut -> torn_cut_bytes
        if (name.contains("bytes_") && !name.endsWith("_bytes")) {
            name = name.replaceFirst("(^|_)bytes_", "$1") + "_bytes";
        }
        name = name.replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (counter && name.endsWith("_total")) {
            name = name.substring(0, name.length() - "_total".length());
        }
        return new Series(prefix + name, counter, label, labelValue, scale, key);
    }

    static boolean isCounter(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String e : GAUGE_ENDINGS) {
            if (k.endsWith(e)) {
                return false;
            }
        }
        return true;
    }
}
