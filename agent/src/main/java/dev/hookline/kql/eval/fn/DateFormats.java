package dev.hookline.kql.eval.fn;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * format_datetime() and format_timespan() formats: Kusto's subset of .NET's custom format strings. A format is
 * split once into elements (a run of one specifier letter, or literal text); letters Kusto does not support (such as
 * MMM or dddd for names) are refused when the format is parsed, so a constant format fails at compile time.
 * Separators and any other non-letter characters are copied as they are.
 */
final class DateFormats {
    /** The datetime specifiers and how many letters each may be repeated. */
    private static final String DATETIME_LETTERS = "dfFhHmMsyt";
    private static final String TIMESPAN_LETTERS = "dfFhHms";

    private DateFormats() {
    }

    /** A format that is not supported; the message names the element. */
    static final class BadFormat extends RuntimeException {
        BadFormat(String msg) {
            super(msg, null, false, false);
        }
    }

    /** One element: a specifier letter repeated count times, or literal text (letter 0). */
    record Element(char letter, int count, String literal) {
    }

    static List<Element> parse(String format, boolean datetime) {
        List<Element> out = new ArrayList<>();
        String letters = datetime ? DATETIME_LETTERS : TIMESPAN_LETTERS;
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < format.length(); ) {
            char ch = format.charAt(i);
            if (!Character.isLetter(ch)) {
                lit.append(ch);
                i++;
                continue;
            }
            int j = i;
            while (j < format.length() && format.charAt(j) == ch) {
                j++;
            }
            int n = j - i;
            if (letters.indexOf(ch) < 0 || !allowed(ch, n, datetime)) {
                throw new BadFormat("format element '" + format.substring(i, j) + "' is not supported (use "
                        + (datetime ? "d, dd, f..fffffff, F..FFFFFFF, h, hh, H, HH, m, mm, M, MM, s, ss, y, yy, yyyy, tt"
                                : "d..dddddddd, f..fffffff, F..FFFFFFF, h, hh, H, HH, m, mm, s, ss")
                        + ")");
            }
            if (lit.length() > 0) {
                out.add(new Element('\0', 0, lit.toString()));
                lit.setLength(0);
            }
            out.add(new Element(ch, n, null));
            i = j;
        }
        if (lit.length() > 0) {
            out.add(new Element('\0', 0, lit.toString()));
        }
        return out;
    }

    private static boolean allowed(char ch, int n, boolean datetime) {
        switch (ch) {
            case 'f': case 'F': return n <= 7;
            case 'd': return datetime ? n <= 2 : n <= 8;
            case 'y': return n == 1 || n == 2 || n == 4;
            case 't': return n == 2;
            default: return n <= 2;
        }
    }

    /** The datetime (epoch nanoseconds, UTC) formatted. */
    static String datetime(long nanos, List<Element> format) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nano, java.time.ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder();
        for (Element e : format) {
            int n = e.count();
            switch (e.letter()) {
                case '\0': sb.append(e.literal()); break;
                case 'd': pad(sb, t.getDayOfMonth(), n); break;
                case 'M': pad(sb, t.getMonthValue(), n); break;
                case 'y': if (n == 4) {
                        pad(sb, t.getYear(), 4);
                    } else {
                        pad(sb, t.getYear() % 100, n);
                    }
                    break;
                case 'H': pad(sb, t.getHour(), n); break;
                case 'h': pad(sb, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, n); break;
                case 'm': pad(sb, t.getMinute(), n); break;
                case 's': pad(sb, t.getSecond(), n); break;
                case 't': sb.append(t.getHour() < 12 ? "AM" : "PM"); break;
                default: fraction(sb, nano / 100, e.letter(), n); break;
            }
        }
        return sb.toString();
    }

    /** The timespan (nanoseconds) formatted; a negative one gets a leading '-'. */
    static String timespan(long nanos, List<Element> format) {
        StringBuilder sb = new StringBuilder();
        long v = nanos;
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        long ticks = v / 100;
        long totalSec = ticks / 10_000_000L;
        for (Element e : format) {
            int n = e.count();
            switch (e.letter()) {
                case '\0': sb.append(e.literal()); break;
                case 'd': pad(sb, totalSec / 86400, n); break;
                case 'h': case 'H': pad(sb, (totalSec / 3600) % 24, n); break;
                case 'm': pad(sb, (totalSec / 60) % 60, n); break;
                case 's': pad(sb, totalSec % 60, n); break;
                default: fraction(sb, (int) (ticks % 10_000_000L), e.letter(), n); break;
            }
        }
        return sb.toString();
    }

    private static void pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** f: the first n digits of the 7-digit tick fraction; F: the same without trailing zeros (nothing if zero). */
    private static void fraction(StringBuilder sb, int ticks, char letter, int n) {
        String digits = String.format("%07d", ticks).substring(0, n);
        if (letter == 'F') {
            int end = digits.length();
            while (end > 0 && digits.charAt(end - 1) == '0') {
                end--;
            }
            digits = digits.substring(0, end);
            if (digits.isEmpty() && sb.length() > 0 && sb.charAt(sb.length() - 1) == '.') {
                sb.setLength(sb.length() - 1); // as .NET drops the point before an empty F
            }
        }
        sb.append(digits);
    }
}
