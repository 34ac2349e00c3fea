package dev.hookline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.schema.Times;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimestampsTest {
    @Test
    void theShortcutAgreesWithTimesParseOnEveryCanonicalTimestamp() {
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            int year = 1900 + r.nextInt(300);
            String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d", year, 1 + r.nextInt(12), 1 + r.nextInt(28),
                    r.nextInt(24), r.nextInt(60), r.nextInt(60));
            int digits = r.nextInt(10);
            if (digits > 0) {
                StringBuilder f = new StringBuilder(".");
                for (int k = 0; k < digits; k++) {
                    f.append(r.nextInt(10));
                }
                s += f;
            }
            s += "Z";
            assertEquals(Times.parse(s), IsoTimestamps.parse(s), s);
        }
        for (String s : new String[] {"2024-02-29T23:59:59.999999999Z", "1900-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z",
                "2199-12-31T23:59:59Z"}) {
            assertEquals(Times.parse(s), IsoTimestamps.canonicalUtc(s), s);
        }
    }

    @Test
    void everythingElseGoesToTimesParseWithItsErrors() {
        for (String s : new String[] {"2026-11-20 10:00:00", "2026-11-20T10:00:00", "2026-11-20T10:00:00+02:00",
                "2026-11-20", " 2026-11-20T10:00:00Z", "1800-01-01T00:00:00Z", "2026-11-20T10:00:00.Z"}) {
            assertEquals(Long.MIN_VALUE, IsoTimestamps.canonicalUtc(s), s);
            assertEquals(Times.parse(s), IsoTimestamps.parse(s), s);
        }
        assertEquals(Long.MIN_VALUE, IsoTimestamps.canonicalUtc("2300-01-01T00:00:00Z"));
        assertThrows(ArithmeticException.class, () -> IsoTimestamps.parse("2300-01-01T00:00:00Z"), "past 2262");
        for (String s : new String[] {"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-20T24:00:00Z",
                "2026-11-20T10:60:00Z", "2026-11-20T10:00:60Z", "2026-11-2xT10:00:00Z",
                "2026-11-20T10:00:00.1234567890Z", "yesterday"}) {
            assertEquals(Long.MIN_VALUE, IsoTimestamps.canonicalUtc(s), s);
            assertThrows(DateTimeParseException.class, () -> Times.parse(s), s);
            assertThrows(DateTimeParseException.class, () -> IsoTimestamps.parse(s), s);
        }
    }
}
