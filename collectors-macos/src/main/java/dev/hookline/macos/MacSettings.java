package dev.hookline.macos;

import java.util.Map;

/**
 * The "macos-es" config section:
 * <pre>
 * eslogger: /usr/bin/eslogger       # Apple's Endpoint Security logger (macOS 13+)
 * network: true                     # poll libproc for new connections
 * networkIntervalMillis: 1000       # connections shorter than this can be missed
 * writeQuietMillis: 2000            # a write burst ends after this long without writes
 * writeMaxBurstMillis: 60000        # a file written continuously gets one row per this period
 * startupGraceMillis: 1500          # how long start() waits to see eslogger refuse
 * </pre>
 */
public record MacSettings(String eslogger, boolean network, long networkIntervalMillis, long writeQuietMillis,
                          long writeMaxBurstMillis, long startupGraceMillis) {
    public static final MacSettings DEFAULTS = new MacSettings("/usr/bin/eslogger", true, 1000, 2000, 60_000, 1500);

    public static MacSettings from(Map<String, Object> c) {
        if (c == null) {
            return DEFAULTS;
        }
        MacSettings d = DEFAULTS;
        return new MacSettings(
                string(c, "eslogger", d.eslogger()),
                bool(c, "network", d.network()),
                positive(c, "networkIntervalMillis", d.networkIntervalMillis()),
                positive(c, "writeQuietMillis", d.writeQuietMillis()),
                positive(c, "writeMaxBurstMillis", d.writeMaxBurstMillis()),
                positive(c, "startupGraceMillis", d.startupGraceMillis()));
    }

    private static String string(Map<String, Object> c, String k, String def) {
        Object v = c.get(k);
        return v == null ? def : v.toString();
    }

    private static boolean bool(Map<String, Object> c, String k, boolean def) {
        Object v = c.get(k);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("macos-es." + k + " must be true or false, not '" + v + "'");
    }

    private static long positive(Map<String, Object> c, String k, long def) {
        Object v = c.get(k);
        if (v == null) {
            return def;
        }
        try {
            long n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw new IllegalArgumentException("macos-es." + k + " must be a positive whole number of milliseconds, not '"
                + v + "'");
    }
}
