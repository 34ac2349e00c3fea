package dev.hookline.kql.eval.fn;

/**
 * Kusto functions the public corpus calls that Hookline deliberately does not run, registered so a query that
 * uses one fails at compile time with the reason (at the call's line and column) instead of "unknown function",
 * and {@link Functions#catalog()} lists them as unsupported.
 */
final class RefusedFunctions {
    private static final String SERIES = "of the time-series functions Hookline runs series_decompose,"
            + " series_decompose_anomalies, series_outliers, series_stats and series_stats_dynamic";

    private RefusedFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("parse_version").signature("parse_version(version)")
                .refused("its result is a decimal (each of four parts padded to 8 digits, up to 32 digits), a type"
                        + " Hookline does not have; compare versions part by part with split() and toint()"));
        t.add(FunctionDef.named("ipv4_lookup").signature("ipv4_lookup(table, ip, range_column)")
                .refused("ipv4_lookup is an evaluate plugin over a lookup table: T | evaluate"
                        + " ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey)"));
        t.add(FunctionDef.named("ipv6_lookup").signature("ipv6_lookup(table, ip, range_column)")
                .refused("ipv6_lookup is an evaluate plugin over a lookup table; of the plugins only bag_unpack and"
                        + " ipv4_lookup run here"));
        for (String name : new String[] {"series_decompose_forecast", "series_fit_line", "series_fit_line_dynamic",
                "series_fit_2lines", "series_periods_detect", "series_periods_validate",
                "series_fill_linear", "series_fill_forward", "series_fill_backward", "series_fill_const",
                "series_iir", "series_fir", "series_seasonal", "series_add", "series_subtract", "series_multiply",
                "series_divide", "series_pearson_correlation"}) {
            t.add(FunctionDef.named(name).signature(name + "(series, ...)").refused(SERIES));
        }
    }
}
