package dev.hookline.kql.parse;

import dev.hookline.schema.Times;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * The datetime literal forms Kusto documents beyond ISO 8601: US dates (`01/16/2022 00:00:00`, as the corpus writes
 * them), RFC 822/1123 (`Sat, 8 Nov 2014 15:05:02 GMT`) and RFC 850. Without a zone the value is UTC.
 */
final class DateLiterals {
    private static final List<DateTimeFormatter> LOCAL = List.of(
            us("M/d/yyyy H:mm:ss"), us("M/d/yyyy H:mm"), us("M/d/yyyy h:mm:ss a"), us("M/d/yyyy h:mm a"),
            us("yyyy-MM-dd H:mm"), us("yyyy/MM/dd H:mm:ss"), us("yyyy/MM/dd"));
    private static final List<DateTimeFormatter> ZONED = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("[EEE, ]d MMM yyyy H:mm[:ss] ")
                    .appendZoneOrOffsetId().toFormatter(Locale.US),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEEE, dd-MMM-yy H:mm:ss ")
                    .appendZoneOrOffsetId().toFormatter(Locale.US));

    private DateLiterals() {
    }

    private static DateTimeFormatter us(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).toFormatter(Locale.US);
    }

    /** Epoch nanoseconds; throws IllegalArgumentException when no documented form matches. */
    static long parse(String text) {
        String s = text.trim();
        try {
            return Times.parse(s);
        } catch (RuntimeException e) {
            // try the other documented forms
        }
        for (DateTimeFormatter f : LOCAL) {
            try {
                return Times.toNanos(LocalDateTime.parse(s, f).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        String date = s.replaceAll("\\s+", " ");
        for (DateTimeFormatter f : ZONED) {
            try {
                return Times.toNanos(ZonedDateTime.parse(date, f).toInstant());
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        if (s.matches("\\d{1,2}/\\d{1,2}/\\d{4}")) {
            return parse(s + " 00:00:00");
        }
        throw new IllegalArgumentException("invalid datetime literal '" + text + "'");
    }
}
