package dev.hookline.kql.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LookbackTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** hours: the lookback a query's own filters give, -1 when some table read has none. */
    @ParameterizedTest(name = "{0} -> {1}h")
    @CsvSource(delimiter = '@', value = {
        "DeviceProcessEvents | where Timestamp > ago(7d) | count @ 168",
        "DeviceProcessEvents | where TimeGenerated >= ago(2h) and FileName == 'sh' @ 2",
        "DeviceProcessEvents | where FileName == 'sh' | where Timestamp between (ago(1d) .. now()) @ 24",
        "DeviceProcessEvents | where ago(3h) < Timestamp @ 3",
        "let lookback = 14d; DeviceFileEvents | where Timestamp > ago(lookback) @ 336",
        "DeviceProcessEvents | where Timestamp > ago(1d) | join (DeviceFileEvents | where Timestamp > ago(2d)) on DeviceId @ 48",
        "union DeviceProcessEvents, DeviceNetworkEvents | where Timestamp > ago(6h) @ 6",
        "let p = DeviceProcessEvents | where Timestamp > ago(5h); p | summarize count() by FileName @ 5",
        "DeviceProcessEvents | count @ -1",
        "DeviceProcessEvents | where Timestamp > ago(1d) | join (DeviceFileEvents) on DeviceId @ -1",
        "DeviceProcessEvents | where Timestamp > ago(1d) or FileName == 'sh' @ -1",
        "DeviceProcessEvents | extend x = 1 | where Timestamp > ago(1d) @ -1",
        "DeviceProcessEvents | where Timestamp < ago(1d) @ -1",
        "print x = 1 @ -1",
        "this does not parse ( @ -1",
    })
    void aQueryReadsBackAsFarAsItsOwnTimeFiltersSay(String kql, long hours) {
        OptionalLong l = Lookback.of(kql);
        assertEquals(hours, l.isPresent() ? l.getAsLong() / HOUR : -1, kql);
    }
}
