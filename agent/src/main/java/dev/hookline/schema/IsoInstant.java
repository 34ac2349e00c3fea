package dev.hookline.schema;

/**
 * Epoch nanoseconds written as {@link java.time.Instant#toString()} writes them (ISO-8601 UTC, 'Z', the fraction
 * in groups of 3 digits as needed), straight into a char array: Instant.toString goes through a DateTimeFormatter
 * and a StringBuilder, the largest part of an alert's event JSON once Jackson is out of it.
 */
public final class IsoInstant {
    /** The longest text written: "9999-12-31T23:59:59.999999999Z". */
    public static final int MAX_CHARS = 30;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: outside, Instant.toString signs or widens the year. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;

    private IsoInstant() {
    }

    /** Whether {@link #write} can write this instant (years 0000 to 9999). */
    public static boolean inRange(long epochNanos) {
        long s = Math.floorDiv(epochNanos, 1_000_000_000L);
        return s >= MIN_SECOND && s <= MAX_SECOND;
    }

    /**
     * Writes the instant at {@code off} (room for {@link #MAX_CHARS} needed) and returns the offset after it;
     * the instant must be {@link #inRange}.
     */
    public static int write(long epochNanos, char[] dst, int off) {
        long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
        long days = Math.floorDiv(secs, 86_400L);
        off = writeDate(days, dst, off);
        return writeTime((int) (secs - days * 86_400L), (int) Math.floorMod(epochNanos, 1_000_000_000L), dst, off);
    }

    /** "yyyy-MM-dd" of the day (days since 1970-01-01, a year 0000 to 9999), at off; returns the offset after. */
    public static int writeDate(long days, char[] dst, int off) {
        // civil_from_days (H. Hinnant): proleptic Gregorian, as java.time counts
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        off = digits(year / 100, dst, off);
        off = digits(year % 100, dst, off);
        dst[off++] = '-';
        off = digits(month, dst, off);
        dst[off++] = '-';
        return digits(day, dst, off);
    }

    /** "THH:mm:ss[.fff[fff[fff]]]Z" at off; returns the offset after. */
    public static int writeTime(int secOfDay, int nano, char[] dst, int off) {
        dst[off++] = 'T';
        off = digits(secOfDay / 3600, dst, off);
        dst[off++] = ':';
        off = digits(secOfDay / 60 % 60, dst, off);
        dst[off++] = ':';
        off = digits(secOfDay % 60, dst, off);
        if (nano != 0) {
            dst[off++] = '.';
            int groups = nano % 1_000_000 == 0 ? 1 : nano % 1000 == 0 ? 2 : 3;
            int div = 100_000_000;
            for (int i = 0; i < groups * 3; i++) {
                dst[off++] = (char) ('0' + nano / div % 10);
                div /= 10;
            }
        }
        dst[off++] = 'Z';
        return off;
    }

    private static int digits(int twoDigits, char[] dst, int off) {
        dst[off] = (char) ('0' + twoDigits / 10);
        dst[off + 1] = (char) ('0' + twoDigits % 10);
        return off + 2;
    }
}
