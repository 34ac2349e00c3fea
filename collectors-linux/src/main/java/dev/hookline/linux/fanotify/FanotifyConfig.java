package dev.hookline.linux.fanotify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The collector's config section (all keys optional):
 * <ul>
 * <li>{@code excludePaths}: list of path prefixes whose events are dropped (counted as excluded); default
 *     /proc, /sys, /var/lib/hookline (the agent's data dir).</li>
 * <li>{@code excludeMounts}: mount points not marked; default /proc, /sys, /dev, /run.</li>
 * <li>{@code sha256}: true to hash created/modified files (default false); {@code sha256MaxBytes}: larger files
 *     are not hashed (default 16 MiB).</li>
 * <li>{@code quietPeriodMs}: a write burst without close ends after this much silence (default 1000);
 *     {@code maxBurstMs}: and at the latest after this long (default 30000).</li>
 * <li>{@code pathCacheSize}: directory handle → path cache entries (default 16384).</li>
 * <li>{@code reportDirectories}: also emit rows for directories (default false).</li>
 * <li>{@code protected_paths}: the agent's own files (class path, launcher, config, rule files; the agent fills
 *     this in): a create/modify/rename/delete by another process raises AgentFileTampered. Directories protect
 *     everything below them. Default: none.</li>
 * <li>{@code mode}: auto (default), rename (≥5.17), dirname (5.9–5.16), fd (older); forcing a lower mode is for
 *     testing the fallbacks.</li>
 * </ul>
 */
record FanotifyConfig(List<String> excludePaths, List<String> excludeMounts, boolean sha256, long sha256MaxBytes,
                      long quietPeriodMs, long maxBurstMs, int pathCacheSize, boolean reportDirectories, String mode,
                      List<String> protectedPaths) {

    static FanotifyConfig from(Map<String, Object> c) {
        Map<String, Object> m = c == null ? Map.of() : c;
        return new FanotifyConfig(
                strings(m.get("excludePaths"), List.of("/proc", "/sys", "/var/lib/hookline")),
                strings(m.get("excludeMounts"), List.of("/proc", "/sys", "/dev", "/run")),
                bool(m.get("sha256"), false),
                num(m.get("sha256MaxBytes"), 16L << 20),
                num(m.get("quietPeriodMs"), 1000),
                num(m.get("maxBurstMs"), 30000),
                (int) num(m.get("pathCacheSize"), 16384),
                bool(m.get("reportDirectories"), false),
                m.get("mode") == null ? "auto" : m.get("mode").toString().trim().toLowerCase(java.util.Locale.ROOT),
                strings(m.get("protected_paths"), List.of()));
    }

    private static List<String> strings(Object v, List<String> dflt) {
        if (v == null) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?>) {
            for (Object o : (List<?>) v) {
                if (o != null && !o.toString().isBlank()) {
                    out.add(strip(o.toString().trim()));
                }
            }
        } else {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(strip(s.trim()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static String strip(String p) {
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static boolean bool(Object v, boolean dflt) {
        return v == null ? dflt : Boolean.parseBoolean(v.toString().trim());
    }

    private static long num(Object v, long dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            long n = v instanceof Number ? ((Number) v).longValue() : Long.parseLong(v.toString().trim());
            if (n <= 0) {
                throw new IllegalArgumentException("must be positive: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + v, e);
        }
    }
}
