package dev.hookline.io;

import dev.hookline.schema.Times;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Datetime text to epoch nanoseconds as {@link Times#parse} reads it, with a shortcut for the form nearly every
 * exported row uses, {@code 2026-11-20T10:00:00.1234567Z}: java.time's parser (a map of fields per call) was a sixth
 * of the cost of reading a row. Anything else goes to Times.parse, which also makes the errors.
 */
final class IsoTimestamps {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private IsoTimestamps() {
    }

    static long parse(String s) {
        long t = canonicalUtc(s);
        return t != Long.MIN_VALUE ? t : Times.parse(s);
    }

    /** yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z for years 1900-2199, or Long.MIN_VALUE for anything else (even if valid). */
    static long canonicalUtc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1900 || year > 2199 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        long nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return Long.MIN_VALUE;
            }
            int scale = 100_000_000;
            for (int i = 20; i < n - 1; i++) {
                int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    return Long.MIN_VALUE;
                }
                nanos += (long) d * scale;
                scale /= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay(); // checks the day exists
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second;
        return seconds * NANOS_PER_SECOND + nanos;
    }

    /** The decimal value of count digits at from, or -1. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
