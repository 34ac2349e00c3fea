package dev.hookline.linux.fanotify;

import dev.hookline.collector.InvalidSetting;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code collectors: linux-fanotify:} section of the agent config, bound over {@link #DEFAULTS} by the agent's
 * config mapper ({@code CollectorContext.settings}); documented with its defaults in {@code linux-fanotify.yaml}
 * beside this class.
 * The agent's own files, watched for tampering, are not a setting: the agent gives them
 * ({@code CollectorContext.protectedPaths()}).
 *
 * @param excludePaths path prefixes whose events are dropped (counted as excluded); a trailing / is ignored
 * @param excludeMounts mount points not marked
 * @param sha256 hash created and modified files
 * @param sha256MaxBytes larger files are not hashed
 * @param quietPeriodMs a write burst without close ends after this much silence
 * @param maxBurstMs and at the latest after this long
 * @param pathCacheSize directory handle → path cache entries
 * @param reportDirectories also emit rows for directories
 * @param mode auto, or a forced mode (for testing the fallbacks)
 */
public record FanotifySettings(List<String> excludePaths, List<String> excludeMounts, boolean sha256,
                               long sha256MaxBytes, long quietPeriodMs, long maxBurstMs, int pathCacheSize,
                               boolean reportDirectories, Mode mode) {

    /** auto picks the best the kernel has: rename (≥ 5.17), dirname (5.9–5.16), fd (older). */
    public enum Mode { AUTO, RENAME, DIRNAME, FD }

    public static final FanotifySettings DEFAULTS = new FanotifySettings(List.of("/proc", "/sys", "/var/lib/hookline"),
            List.of("/proc", "/sys", "/dev", "/run"), false, 16L << 20, 1000, 30000, 16384, false, Mode.AUTO);

    public FanotifySettings {
        excludePaths = paths(excludePaths);
        excludeMounts = paths(excludeMounts);
        InvalidSetting.require(sha256MaxBytes >= 1, "sha256_max_bytes", "must be at least 1, got " + sha256MaxBytes);
        InvalidSetting.require(quietPeriodMs >= 1, "quiet_period_ms", "must be at least 1, got " + quietPeriodMs);
        InvalidSetting.require(maxBurstMs >= 1, "max_burst_ms", "must be at least 1, got " + maxBurstMs);
        InvalidSetting.require(pathCacheSize >= 1, "path_cache_size", "must be at least 1, got " + pathCacheSize);
    }

    private static List<String> paths(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String p : in) {
            if (p != null && !p.isBlank()) {
                String t = p.trim();
                out.add(t.length() > 1 && t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
            }
        }
        return List.copyOf(out);
    }
}
