package dev.hookline.macos;

import dev.hookline.collector.InvalidSetting;

/**
 * The {@code collectors: macos-es:} section of the agent config, bound over {@link #DEFAULTS} by the agent's
 * config mapper ({@code CollectorContext.settings}); documented with its defaults in {@code macos-es.yaml} beside
 * this class.
 *
 * @param eslogger Apple's Endpoint Security logger (macOS 13+)
 * @param network poll libproc for new connections
 * @param networkIntervalMs connections shorter than this can be missed
 * @param writeQuietMs a write burst ends after this long without writes
 * @param writeMaxBurstMs a file written continuously gets one row per this period
 * @param startupGraceMs how long start() waits to see eslogger refuse
 */
public record MacSettings(String eslogger, boolean network, long networkIntervalMs, long writeQuietMs,
                          long writeMaxBurstMs, long startupGraceMs) {
    public static final MacSettings DEFAULTS = new MacSettings("/usr/bin/eslogger", true, 1000, 2000, 60_000, 1500);

    public MacSettings {
        InvalidSetting.require(eslogger != null && !eslogger.isBlank(), "eslogger", "must be a non-empty path");
        positive("network_interval_ms", networkIntervalMs);
        positive("write_quiet_ms", writeQuietMs);
        positive("write_max_burst_ms", writeMaxBurstMs);
        positive("startup_grace_ms", startupGraceMs);
    }

    private static void positive(String key, long v) {
        InvalidSetting.require(v > 0, key, "must be a positive whole number of milliseconds, got " + v);
    }
}
