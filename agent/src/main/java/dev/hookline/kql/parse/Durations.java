package dev.hookline.kql.parse;

import java.util.Map;

/** Kusto timespan units and the raw forms accepted by timespan(...). */
public final class Durations {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final long D = 24 * H;
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("d", D), Map.entry("day", D), Map.entry("days", D),
            Map.entry("h", H), Map.entry("hr", H), Map.entry("hrs", H), Map.entry("hour", H), Map.entry("hours", H),
            Map.entry("m", M), Map.entry("min", M), Map.entry("minute", M), Map.entry("minutes", M),
            Map.entry("s", S), Map.entry("sec", S), Map.entry("second", S), Map.entry("seconds", S),
            Map.entry("ms", MS), Map.entry("milli", MS), Map.entry("millis", MS), Map.entry("millisecond", MS),
            Map.entry("milliseconds", MS),
            Map.entry("microsecond", US), Map.entry("microseconds", US),
            Map.entry("tick", 100L), Map.entry("ticks", 100L));

    private Durations() {
    }

    /** Nanoseconds per unit, or null for an unknown unit. */
    public static Long unitNanos(String unit) {
        return UNITS.get(unit);
    }

    /** Parses "1d", "1.5h", "10", "[d.]hh:mm[:ss[.fff]]"; null when the text is none of these. */
    public static Long parse(String raw) {
        String s = raw.trim();
        try {
            int u = 0;
            while (u < s.length() && (Lexer.digit(s.charAt(u)) || s.charAt(u) == '.')) {
                u++;
            }
            if (u > 0 && u < s.length() && Character.isLetter(s.charAt(u))) {
                Long per = unitNanos(s.substring(u));
                return per == null ? null : Math.round(Double.parseDouble(s.substring(0, u)) * per);
            }
            if (u == s.length() && u > 0 && s.indexOf('.') < 0) {
                return Long.parseLong(s) * D; // a bare number is days
            }
            boolean neg = s.startsWith("-");
            if (neg) {
                s = s.substring(1);
            }
            long days = 0;
            int colon = s.indexOf(':');
            if (colon < 0) {
                return null;
            }
            int dot = s.indexOf('.');
            if (dot >= 0 && dot < colon) {
                days = Long.parseLong(s.substring(0, dot));
                s = s.substring(dot + 1);
            }
            String[] parts = s.split(":");
            if (parts.length < 2 || parts.length > 3) {
                return null;
            }
            long total = days * D + Long.parseLong(parts[0]) * H + Long.parseLong(parts[1]) * M;
            if (parts.length == 3) {
                total += Math.round(Double.parseDouble(parts[2]) * S);
            }
            return neg ? -total : total;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
