package dev.hookline.schema;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Datetime helpers: Hookline keeps datetimes as epoch nanoseconds and prints them as ISO-8601 UTC. */
public final class Times {
    private Times() {
    }

    public static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    public static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    public static long nowNanos() {
        return toNanos(Instant.now());
    }

    /** ISO-8601 UTC with 'Z', as Log Analytics prints it. */
    public static String format(long epochNanos) {
        if (!IsoInstant.inRange(epochNanos)) {
            return toInstant(epochNanos).toString();
        }
        char[] text = new char[IsoInstant.MAX_CHARS];
        return new String(text, 0, IsoInstant.write(epochNanos, text, 0));
    }

    /**
     * Parses ISO-8601 timestamps as they appear in exported data: with or without 'Z', with an offset, or a
     * date and time separated by a space. Throws {@link DateTimeParseException} on anything else.
     */
    public static long parse(String text) {
        String s = text.trim();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        if (s.length() == 10) {
            s = s + "T00:00:00Z";
        }
        try {
            return toNanos(java.time.OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            // No offset given: Kusto reads such datetimes as UTC.
            return toNanos(java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC));
        }
    }
}
