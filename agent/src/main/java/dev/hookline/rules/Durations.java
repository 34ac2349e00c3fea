package dev.hookline.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rule durations as Sentinel writes them: KQL-style {@code 5m}, {@code 1h}, {@code 14d}, or ISO 8601 {@code PT5M}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** Nanoseconds; IllegalArgumentException with the text when it is not a positive duration. */
    public static long parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
        long nanos;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            nanos = switch (m.group(2)) {
                case "ms" -> n * 1_000_000L;
                case "s" -> n * 1_000_000_000L;
                case "m" -> n * 60_000_000_000L;
                case "h" -> n * 3_600_000_000_000L;
                default -> n * 86_400_000_000_000L;
            };
        } else {
            try {
                nanos = Duration.parse(t.toUpperCase(Locale.ROOT)).toNanos();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("\"" + t + "\" is not a duration (e.g. 5m, 1h, 1d or PT5M)");
            }
        }
        if (nanos <= 0) {
            throw new IllegalArgumentException("\"" + t + "\" is not a positive duration");
        }
        return nanos;
    }

    /** The shortest exact form: 1d, 90m, 30s, 250ms. */
    public static String format(long nanos) {
        long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        return nanos + "ns";
    }
}
