package dev.hookline.kql.eval.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.geoip.GeoIpDatabase;
import dev.hookline.geoip.MmdbWriter;
import dev.hookline.kql.CompiledQuery;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * geo_info_from_ip_address over a MaxMind database this test writes itself (made-up places on documentation
 * ranges): Kusto's bag {country, state, city, latitude, longitude} for a placed address, {} for a private or unknown
 * one, null for text that is not an address; without a database {} for all, with one warning per query.
 */
class GeoInfoFromIpAddressFollowsKustoTest {
    @TempDir
    static Path dir;
    static GeoIpDatabase db;

    @BeforeAll
    static void writeDatabase() throws Exception {
        Path file = dir.resolve("test-city.mmdb");
        new MmdbWriter()
                .city("198.51.100.0/24", "Atlantis", "North Reach", "Port Vell", 12.5, -45.25)
                .city("203.0.113.128/25", "Mu", null, null, -3.0, 100.75)
                .city("2001:db8:1::/48", "Lemuria", "Coral Coast", "Sandhaven", 48.125, 2.5)
                .write(file);
        db = GeoIpDatabase.open(file);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tostring(geo_info_from_ip_address('198.51.100.7'))", "{\"country\":\"Atlantis\","
                        + "\"state\":\"North Reach\",\"city\":\"Port Vell\",\"latitude\":12.5,\"longitude\":-45.25}"),
                Arguments.of("tostring(geo_info_from_ip_address('2001:db8:1:0:face::25de'))", "{\"country\":\"Lemuria\","
                        + "\"state\":\"Coral Coast\",\"city\":\"Sandhaven\",\"latitude\":48.125,\"longitude\":2.5}"),
                // a network known only to the country: the bag has what the record has
                Arguments.of("tostring(geo_info_from_ip_address('203.0.113.200'))",
                        "{\"country\":\"Mu\",\"latitude\":-3.0,\"longitude\":100.75}"),
                Arguments.of("tostring(geo_info_from_ip_address('203.0.113.5'))", "{}"), // the other half: unknown
                Arguments.of("tostring(geo_info_from_ip_address('10.1.2.3'))", "{}"), // private
                Arguments.of("tostring(geo_info_from_ip_address('2001:db8:2::1'))", "{}"),
                Arguments.of("tostring(geo_info_from_ip_address('::ffff:198.51.100.7').city)", "Port Vell"),
                Arguments.of("tostring(parse_json(geo_info_from_ip_address('198.51.100.9')).country)", "Atlantis"),
                Arguments.of("toreal(geo_info_from_ip_address('198.51.100.9').longitude)", -45.25),
                Arguments.of("isnull(geo_info_from_ip_address('ws-0042.contoso.local'))", true), // no DNS lookups
                Arguments.of("isnull(geo_info_from_ip_address('198.51.100.0/24'))", true),
                Arguments.of("isnull(geo_info_from_ip_address(''))", true));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void placesAddressesFromTheConfiguredDatabase(String expr, Object expected) {
        CompiledQuery q = Kql.compile("print X = " + expr, KqlOptions.DEFAULT.withGeoIp(db));
        assertEquals(List.of(), List.copyOf(q.warnings()));
        assertEquals(expected, first(q));
    }

    @Test
    void withoutADatabaseEveryAddressIsAnEmptyBagAndTheQueryWarnsOnce() {
        CompiledQuery q = Kql.compile("print A = tostring(geo_info_from_ip_address('198.51.100.7')),"
                + " B = tostring(geo_info_from_ip_address('8.8.8.8').country)");
        assertEquals(List.of(GeoFunctions.NO_DATABASE), List.copyOf(q.warnings()));
        ResultTable r = q.run((t, sink) -> { }, Scalar.NOW);
        assertEquals("{}", r.rows().get(0)[0]);
        assertEquals("", r.rows().get(0)[1]);
    }

    @Test
    void aRowColumnIsLookedUpPerRow() {
        ResultTable r = Kql.compile("DeviceProcessEvents | project C = tostring(geo_info_from_ip_address(strcat('198.51.100.',"
                + " ProcessId)).city)", KqlOptions.DEFAULT.withGeoIp(db))
                .run((t, sink) -> {
                    if (t == Table.DeviceProcessEvents) {
                        sink.accept(Scalar.row());
                    }
                }, Scalar.NOW);
        assertEquals("Port Vell", r.rows().get(0)[0]);
    }

    @Test
    void aFileThatIsNotAMaxMindDatabaseIsRefusedWithItsName() throws Exception {
        Path junk = dir.resolve("junk.mmdb");
        java.nio.file.Files.writeString(junk, "not a database");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> GeoIpDatabase.open(junk));
        assertTrue(e.getMessage().contains("junk.mmdb is not a MaxMind (.mmdb) database"), e.getMessage());
        Exception missing = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> GeoIpDatabase.open(dir.resolve("absent.mmdb")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }

    private static Object first(CompiledQuery q) {
        return q.run((t, sink) -> { }, Scalar.NOW).rows().get(0)[0];
    }
}
