package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.parse.KType;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

/**
 * Date and time functions: ago, now, the calendar functions (startof/endof day, week, month, year; day/week/month/
 * year parts; datetime_add/diff/part), formatting, bin_at, Unix-time conversions, make_datetime/make_timespan and
 * ingestion_time. Datetimes are UTC. Kusto's resolution is the 100 ns tick, so an end-of period is the next period's
 * start minus one tick. Weeks start on Sunday (startofweek, datetime_diff('week')); week_of_year is ISO 8601.
 * See {@link StringFunctions} for how to add a function.
 */
public final class DateTimeFunctions {
    private DateTimeFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("ago").args(1).signature("ago(timespan)")
                .doc("now minus timespan; every use in a query reads the same now.")
                .returns(c -> {
                    if (c.type(0) != KType.TIMESPAN) {
                        throw c.error("ago() needs a timespan such as 24h, not " + c.type(0).kustoName());
                    }
                    return KType.DATETIME;
                })
                .node((c, type) -> new Nodes.Now(c.arg(0), true)));
        t.add(FunctionDef.named("now").args(0, 1).signature("now([offset])")
                .doc("The query's current time, plus offset (a timespan) when given.")
                .returns(c -> {
                    if (c.size() == 1 && c.type(0) != KType.TIMESPAN) {
                        throw c.error("now() offset must be a timespan");
                    }
                    return KType.DATETIME;
                })
                .node((c, type) -> new Nodes.Now(c.size() == 0 ? null : c.arg(0), false)));
        registerCalendar(t);
    }

    static final long TICK = 100;
    static final long SECOND = 1_000_000_000L;
    static final long DAY = 86_400 * SECOND;
    private static final long NULL = Node.NULL;

    /** The calendar parts of a datetime in Kusto's names (lower case), for datetime_part/add/diff. */
    private static final List<String> PARTS = List.of("year", "quarter", "month", "week_of_year", "week", "day",
            "dayofyear", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond");

    private static void registerCalendar(FunctionTable t) {
        // start/end of periods, with an optional whole-number offset in periods
        String[][] periods = {{"day", "day"}, {"week", "week (Sunday)"}, {"month", "month"}, {"year", "year"}};
        for (String[] p : periods) {
            String unit = p[0];
            for (boolean end : new boolean[] {false, true}) {
                String name = (end ? "endof" : "startof") + unit;
                t.add(FunctionDef.named(name).args(1, 2).signature(name + "(date [, offset])")
                        .doc((end ? "The last tick of the " : "The start of the ") + p[1] + " holding date, moved by"
                                + " offset " + unit + "s.")
                        .returns(c -> {
                            Types.exactly(c, 0, KType.DATETIME, "date");
                            if (c.size() == 2) {
                                Types.whole(c, 1, "offset");
                            }
                            return KType.DATETIME;
                        })
                        .node((c, type) -> {
                            Node date = c.arg(0);
                            Node offset = c.size() == 2 ? c.arg(1) : Nodes.Const.ofLong(KType.LONG, 0);
                            return FnNode.ofLong(KType.DATETIME, f -> {
                                long d = date.evalLong(f);
                                long o = offset.evalLong(f);
                                if (d == NULL || o == NULL) {
                                    return NULL;
                                }
                                LocalDateTime start = startOf(unit, d, o);
                                return end ? nanos(plus(unit, start, 1)) - TICK : nanos(start);
                            }, date, offset);
                        }));
            }
        }
        intPart(t, "dayofmonth", "The day of the month, 1 to 31.", LocalDateTime::getDayOfMonth);
        intPart(t, "dayofyear", "The day of the year, 1 to 366.", LocalDateTime::getDayOfYear);
        intPart(t, "hourofday", "The hour of the day, 0 to 23.", LocalDateTime::getHour);
        intPart(t, "getmonth", "The month, 1 to 12 (also monthofyear).", LocalDateTime::getMonthValue, "monthofyear");
        intPart(t, "getyear", "The year.", LocalDateTime::getYear);
        intPart(t, "week_of_year", "The ISO 8601 week number, 1 to 53 (weeks start on Monday; week 1 holds the"
                + " first Thursday).", d -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        t.add(FunctionDef.named("dayofweek").args(1).signature("dayofweek(date)")
                .doc("The whole days since the preceding Sunday, as a timespan (0.00:00:00 on Sunday).")
                .returns(c -> {
                    Types.exactly(c, 0, KType.DATETIME, "date");
                    return KType.TIMESPAN;
                })
                .node((c, type) -> {
                    Node date = c.arg(0);
                    return FnNode.ofLong(KType.TIMESPAN, f -> {
                        long d = date.evalLong(f);
                        return d == NULL ? NULL : (time(d).getDayOfWeek().getValue() % 7) * DAY;
                    }, date);
                }));
        t.add(FunctionDef.named("datetime_part").args(2).signature("datetime_part(part, date)")
                .doc("One part of date as an int: Year, Quarter, Month, week_of_year, Day, DayOfYear, Hour, Minute,"
                        + " Second, Millisecond, Microsecond or Nanosecond.")
                .returns(c -> {
                    part(c, 0, false);
                    Types.exactly(c, 1, KType.DATETIME, "date");
                    return KType.INT;
                })
                .node((c, type) -> {
                    String part = part(c, 0, false);
                    Node date = c.arg(1);
                    return FnNode.ofLong(KType.INT, f -> {
                        long d = date.evalLong(f);
                        return d == NULL ? NULL : datePart(part, d);
                    }, date);
                }));
        t.add(FunctionDef.named("datetime_add").args(3).signature("datetime_add(period, amount, date)")
                .doc("date moved by amount periods (Year, Quarter, Month, Week, Day, Hour, Minute, Second,"
                        + " Millisecond, Microsecond, Nanosecond); a month step keeps the day or clamps it to the"
                        + " month's last.")
                .returns(c -> {
                    part(c, 0, true);
                    Types.whole(c, 1, "amount");
                    Types.exactly(c, 2, KType.DATETIME, "date");
                    return KType.DATETIME;
                })
                .node((c, type) -> {
                    String part = part(c, 0, true);
                    Node amount = c.arg(1);
                    Node date = c.arg(2);
                    return FnNode.ofLong(KType.DATETIME, f -> {
                        long a = amount.evalLong(f);
                        long d = date.evalLong(f);
                        if (a == NULL || d == NULL) {
                            return NULL;
                        }
                        try {
                            return add(part, d, a);
                        } catch (ArithmeticException | java.time.DateTimeException e) {
                            return NULL;
                        }
                    }, amount, date);
                }));
        t.add(FunctionDef.named("datetime_diff").args(3).signature("datetime_diff(period, date1, date2)")
                .doc("The number of period boundaries crossed from date2 to date1 (negative when date1 is earlier).")
                .returns(c -> {
                    part(c, 0, true);
                    Types.exactly(c, 1, KType.DATETIME, "date1");
                    Types.exactly(c, 2, KType.DATETIME, "date2");
                    return KType.LONG;
                })
                .node((c, type) -> {
                    String part = part(c, 0, true);
                    Node a = c.arg(1);
                    Node b = c.arg(2);
                    return FnNode.ofLong(KType.LONG, f -> {
                        long x = a.evalLong(f);
                        long y = b.evalLong(f);
                        return x == NULL || y == NULL ? NULL : diff(part, x, y);
                    }, a, b);
                }));
        t.add(FunctionDef.named("format_datetime").args(2).signature("format_datetime(date, format)")
                .usage("format_datetime(Timestamp, 'yyyy-MM-dd [HH:mm:ss]')")
                .doc("date as text in format, built of d, dd, M, MM, y, yy, yyyy, h, hh, H, HH, m, mm, s, ss, tt,"
                        + " f..fffffff, F..FFFFFFF and separators.")
                .returns(c -> {
                    Types.exactly(c, 0, KType.DATETIME, "date");
                    checkFormat(c, 1, true);
                    return KType.STRING;
                })
                .node((c, type) -> formatNode(c, true)));
        t.add(FunctionDef.named("format_timespan").args(2).signature("format_timespan(span, format)")
                .usage("format_timespan(1d, 'd-[hh:mm:ss]')")
                .doc("span as text in format, built of d..dddddddd, h, hh, H, HH, m, mm, s, ss, f..fffffff,"
                        + " F..FFFFFFF and separators.")
                .returns(c -> {
                    Types.exactly(c, 0, KType.TIMESPAN, "span");
                    checkFormat(c, 1, false);
                    return KType.STRING;
                })
                .node((c, type) -> formatNode(c, false)));
        t.add(FunctionDef.named("bin_at").args(3).signature("bin_at(value, size, fixed_point)")
                .doc("value rounded down to a multiple of size counted from fixed_point (numbers, or datetime/timespan"
                        + " by a timespan).")
                .returns(c -> {
                    KType v = c.type(0);
                    KType size = c.type(1);
                    KType at = c.type(2);
                    boolean ok = (v == KType.DATETIME && size == KType.TIMESPAN && at == KType.DATETIME)
                            || (v == KType.TIMESPAN && size == KType.TIMESPAN && at == KType.TIMESPAN)
                            || (v.isNumber() && size.isNumber() && at.isNumber());
                    if (!ok) {
                        throw c.error(c.name() + "() needs (number, number, number), (datetime, timespan, datetime)"
                                + " or (timespan, timespan, timespan)");
                    }
                    return v.isNumber() && (v == KType.REAL || size == KType.REAL || at == KType.REAL) ? KType.REAL
                            : v == KType.INT ? KType.LONG : v;
                })
                .node((c, type) -> {
                    if (type == KType.REAL) {
                        Node v = ConversionFunctions.real(c.arg(0));
                        Node s = ConversionFunctions.real(c.arg(1));
                        Node at = ConversionFunctions.real(c.arg(2));
                        return FnNode.ofReal(f -> {
                            double size = s.evalReal(f);
                            double origin = at.evalReal(f);
                            return size > 0 ? Math.floor((v.evalReal(f) - origin) / size) * size + origin : Double.NaN;
                        }, v, s, at);
                    }
                    Node v = c.arg(0);
                    Node s = c.arg(1);
                    Node at = c.arg(2);
                    return FnNode.ofLong(type, f -> {
                        long x = v.evalLong(f);
                        long size = s.evalLong(f);
                        long origin = at.evalLong(f);
                        if (x == NULL || size == NULL || origin == NULL || size <= 0) {
                            return NULL;
                        }
                        return Math.floorDiv(x - origin, size) * size + origin;
                    }, v, s, at);
                }));
        String[][] unix = {{"seconds", "1000000000"}, {"milliseconds", "1000000"}, {"microseconds", "1000"},
                {"nanoseconds", "1"}};
        for (String[] u : unix) {
            String name = "unixtime_" + u[0] + "_todatetime";
            long per = Long.parseLong(u[1]);
            t.add(FunctionDef.named(name).args(1).signature(name + "(number)")
                    .doc("The datetime number " + u[0] + " after 1970-01-01 UTC (null when out of range).")
                    .returns(c -> {
                        Types.number(c, 0, "the count of " + u[0]);
                        return KType.DATETIME;
                    })
                    .node((c, type) -> {
                        Node v = c.arg(0);
                        if (v.type == KType.REAL) {
                            return FnNode.ofLong(KType.DATETIME, f -> {
                                double d = v.evalReal(f) * per;
                                return Double.isNaN(d) || Math.abs(d) >= 9.2e18 ? NULL : Math.round(d / TICK) * TICK;
                            }, v);
                        }
                        return FnNode.ofLong(KType.DATETIME, f -> {
                            long x = v.evalLong(f);
                            if (x == NULL) {
                                return NULL;
                            }
                            try {
                                return Math.multiplyExact(x, per) / TICK * TICK;
                            } catch (ArithmeticException e) {
                                return NULL;
                            }
                        }, v);
                    }));
        }
        t.add(FunctionDef.named("make_timespan").args(2, 4)
                .signature("make_timespan([day,] hour, minute [, second])")
                .doc("A timespan from hour and minute, with seconds (a real) and days when given; out-of-range parts"
                        + " (hour 0-23, minute 0-59, second under 60) give null.")
                .returns(c -> {
                    for (int i = 0; i < c.size(); i++) {
                        boolean seconds = i == c.size() - 1 && c.size() >= 3;
                        if (seconds) {
                            Types.number(c, i, "second");
                        } else {
                            Types.whole(c, i, "each part but the seconds");
                        }
                    }
                    return KType.TIMESPAN;
                })
                .node((c, type) -> {
                    int n = c.size();
                    Node day = n == 4 ? c.arg(0) : Nodes.Const.ofLong(KType.LONG, 0);
                    Node hour = c.arg(n == 4 ? 1 : 0);
                    Node minute = c.arg(n == 4 ? 2 : 1);
                    Node second = n >= 3 ? ConversionFunctions.real(c.arg(n - 1)) : Nodes.Const.ofReal(0);
                    return FnNode.ofLong(KType.TIMESPAN, f -> {
                        long d = day.evalLong(f);
                        long h = hour.evalLong(f);
                        long m = minute.evalLong(f);
                        double s = second.evalReal(f);
                        if (d == NULL || h == NULL || m == NULL || Double.isNaN(s) || h < 0 || h > 23 || m < 0
                                || m > 59 || s < 0 || s >= 60 || d < 0 || d > 100_000) {
                            return NULL;
                        }
                        return d * DAY + h * 3600 * SECOND + m * 60 * SECOND + Math.round(s * 1e7) * TICK;
                    }, day, hour, minute, second);
                }));
        t.add(FunctionDef.named("make_datetime").args(3, 6)
                .signature("make_datetime(year, month, day [, hour, minute [, second]])")
                .doc("The UTC datetime of those parts (second is a real); parts that make no date give null.")
                .returns(c -> {
                    if (c.size() == 4) {
                        throw c.error(c.name() + "() takes year, month, day, then hour and minute together");
                    }
                    for (int i = 0; i < c.size(); i++) {
                        if (i == 5) {
                            Types.number(c, i, "second");
                        } else {
                            Types.whole(c, i, new String[] {"year", "month", "day", "hour", "minute"}[i]);
                        }
                    }
                    return KType.DATETIME;
                })
                .node((c, type) -> {
                    Node[] parts = new Node[6];
                    for (int i = 0; i < 5; i++) {
                        parts[i] = i < c.size() ? c.arg(i) : Nodes.Const.ofLong(KType.LONG, 0);
                    }
                    parts[5] = c.size() == 6 ? ConversionFunctions.real(c.arg(5)) : Nodes.Const.ofReal(0);
                    return FnNode.ofLong(KType.DATETIME, f -> makeDatetime(parts, f), parts);
                }));
        t.add(FunctionDef.named("ingestion_time").args(0).signature("ingestion_time()")
                .doc("When the row reached the agent. Hookline's rows carry no separate receive time: the sensor"
                        + " writes each row as it observes the event, so this is the row's Timestamp.")
                .returns(c -> {
                    Node ts = c.column("Timestamp");
                    if (ts == null || ts.type != KType.DATETIME) {
                        throw c.error("ingestion_time() reads the row's Timestamp, and these rows have no datetime"
                                + " Timestamp column (call it before project or summarize drops it)");
                    }
                    return KType.DATETIME;
                })
                .node((c, type) -> c.column("Timestamp")));
    }

    private static void intPart(FunctionTable t, String name, String doc,
            java.util.function.ToIntFunction<LocalDateTime> part, String... aliases) {
        t.add(FunctionDef.named(name).alias(aliases).args(1).signature(name + "(date)").doc(doc)
                .returns(c -> {
                    Types.exactly(c, 0, KType.DATETIME, "date");
                    return KType.INT;
                })
                .node((c, type) -> {
                    Node date = c.arg(0);
                    return FnNode.ofLong(KType.INT, f -> {
                        long d = date.evalLong(f);
                        return d == NULL ? NULL : part.applyAsInt(time(d));
                    }, date);
                }));
    }

    /** Argument i: a constant period name (case-insensitive), checked; "week" is only a period, not a part. */
    private static String part(CallSite c, int i, boolean period) {
        String raw = Types.constantText(c, i, period ? "period" : "part");
        String p = raw.toLowerCase(Locale.ROOT);
        if (p.equals("weekofyear")) {
            p = "week_of_year";
        }
        boolean ok = PARTS.contains(p) && (period ? !p.equals("week_of_year") && !p.equals("dayofyear")
                : !p.equals("week"));
        if (!ok) {
            throw c.error(i, c.name() + "() " + (period ? "period" : "part") + " '" + raw + "' is not one of "
                    + (period ? "Year, Quarter, Month, Week, Day, Hour, Minute, Second, Millisecond, Microsecond,"
                            + " Nanosecond" : "Year, Quarter, Month, week_of_year, Day, DayOfYear, Hour, Minute,"
                            + " Second, Millisecond, Microsecond, Nanosecond"));
        }
        return p;
    }

    static LocalDateTime time(long nanos) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, SECOND), (int) Math.floorMod(nanos, SECOND),
                ZoneOffset.UTC);
    }

    static long nanos(LocalDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), SECOND), t.getNano());
    }

    private static LocalDateTime startOf(String unit, long nanos, long offset) {
        LocalDate d = time(nanos).toLocalDate();
        switch (unit) {
            case "day": d = d.plusDays(offset); break;
            case "week": d = d.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY)).plusWeeks(offset); break;
            case "month": d = d.withDayOfMonth(1).plusMonths(offset); break;
            default: d = d.withDayOfYear(1).plusYears(offset); break;
        }
        return d.atStartOfDay();
    }

    private static LocalDateTime plus(String unit, LocalDateTime t, long n) {
        switch (unit) {
            case "day": return t.plusDays(n);
            case "week": return t.plusWeeks(n);
            case "month": return t.plusMonths(n);
            default: return t.plusYears(n);
        }
    }

    private static long datePart(String part, long nanos) {
        LocalDateTime t = time(nanos);
        switch (part) {
            case "year": return t.getYear();
            case "quarter": return (t.getMonthValue() + 2) / 3;
            case "month": return t.getMonthValue();
            case "week_of_year": return t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "day": return t.getDayOfMonth();
            case "dayofyear": return t.getDayOfYear();
            case "hour": return t.getHour();
            case "minute": return t.getMinute();
            case "second": return t.getSecond();
            case "millisecond": return t.getNano() / 1_000_000;
            case "microsecond": return t.getNano() / 1_000;
            default: return t.getNano() / TICK * TICK;
        }
    }

    private static long fixed(String part) {
        switch (part) {
            case "week": return 7 * DAY;
            case "day": return DAY;
            case "hour": return 3600 * SECOND;
            case "minute": return 60 * SECOND;
            case "second": return SECOND;
            case "millisecond": return 1_000_000L;
            case "microsecond": return 1_000L;
            case "nanosecond": return 1L;
            default: return 0;
        }
    }

    private static long add(String part, long nanos, long amount) {
        LocalDateTime t = time(nanos);
        switch (part) {
            case "year": return nanos(t.plusYears(amount));
            case "quarter": return nanos(t.plusMonths(Math.multiplyExact(amount, 3)));
            case "month": return nanos(t.plusMonths(amount));
            default: return Math.addExact(nanos, Math.multiplyExact(amount, fixed(part)));
        }
    }

    private static long diff(String part, long a, long b) {
        LocalDateTime x = time(a);
        LocalDateTime y = time(b);
        switch (part) {
            case "year": return (long) x.getYear() - y.getYear();
            case "quarter": return (x.getYear() * 4L + (x.getMonthValue() - 1) / 3)
                    - (y.getYear() * 4L + (y.getMonthValue() - 1) / 3);
            case "month": return (x.getYear() * 12L + x.getMonthValue()) - (y.getYear() * 12L + y.getMonthValue());
            case "week": return (nanos(startOf("week", a, 0)) - nanos(startOf("week", b, 0))) / (7 * DAY);
            default: {
                long unit = fixed(part);
                return Math.floorDiv(a, unit) - Math.floorDiv(b, unit);
            }
        }
    }

    private static long makeDatetime(Node[] p, Frame f) {
        long[] v = new long[5];
        for (int i = 0; i < 5; i++) {
            v[i] = p[i].evalLong(f);
            if (v[i] == NULL) {
                return NULL;
            }
        }
        double s = p[5].evalReal(f);
        if (Double.isNaN(s) || s < 0 || s >= 60) {
            return NULL;
        }
        try {
            LocalDateTime t = LocalDateTime.of(Math.toIntExact(v[0]), Math.toIntExact(v[1]), Math.toIntExact(v[2]),
                    Math.toIntExact(v[3]), Math.toIntExact(v[4]));
            return nanos(t) + Math.round(s * 1e7) * TICK;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return NULL;
        }
    }

    private static void checkFormat(CallSite c, int i, boolean datetime) {
        if (!c.type(i).isText()) {
            throw c.error(i, c.name() + "() format must be a string, not " + c.type(i).kustoName());
        }
        if (c.arg(i).isConstant()) {
            try {
                DateFormats.parse(c.arg(i).evalString(null), datetime);
            } catch (DateFormats.BadFormat e) {
                throw c.error(i, c.name() + "() " + e.getMessage());
            }
        }
    }

    private static Node formatNode(CallSite c, boolean datetime) {
        Node value = c.arg(0);
        Node format = c.arg(1);
        List<DateFormats.Element> fixedFormat = format.isConstant()
                ? DateFormats.parse(format.evalString(null), datetime) : null;
        return FnNode.ofString(f -> {
            long v = value.evalLong(f);
            if (v == NULL) {
                return "";
            }
            List<DateFormats.Element> fmt = fixedFormat;
            if (fmt == null) {
                try {
                    fmt = DateFormats.parse(format.evalString(f), datetime);
                } catch (DateFormats.BadFormat e) {
                    return "";
                }
            }
            try {
                return datetime ? DateFormats.datetime(v, fmt) : DateFormats.timespan(v, fmt);
            } catch (java.time.DateTimeException e) {
                return "";
            }
        }, value, format);
    }
}
