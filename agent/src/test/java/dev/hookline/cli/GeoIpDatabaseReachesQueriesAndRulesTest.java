package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.geoip.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --geoip-db and kql.geoip_db reach geo_info_from_ip_address in `query` and `detect`; mistakes are usage errors. */
class GeoIpDatabaseReachesQueriesAndRulesTest {
    private static final String Q = "print City = tostring(geo_info_from_ip_address('198.51.100.7').city)";

    @TempDir
    static Path dir;
    static Path db;
    static Path empty;

    @BeforeAll
    static void write() throws Exception {
        db = dir.resolve("city.mmdb");
        new MmdbWriter().city("198.51.100.0/24", "Atlantis", "North Reach", "Port Vell", 12.5, -45.25).write(db);
        empty = Files.writeString(dir.resolve("none.jsonl"), "");
    }

    @Test
    void theDatabaseGivenOnTheCommandLineOrInTheConfigIsRead() throws Exception {
        CliCommandsTest.Result given = CliCommandsTest.run("query", Q, "--events", empty.toString(), "--geoip-db",
                db.toString());
        assertEquals(0, given.code(), given.err());
        assertTrue(given.out().contains("Port Vell"), given.out());
        assertFalse(given.err().contains("geo database"), given.err());
        Path config = Files.writeString(dir.resolve("hookline.yaml"), "kql:\n  geoip_db: " + db + "\n");
        CliCommandsTest.Result configured = CliCommandsTest.run("query", Q, "--events", empty.toString(), "--config",
                config.toString());
        assertEquals(0, configured.code(), configured.err());
        assertTrue(configured.out().contains("Port Vell"), configured.out());
    }

    @Test
    void withoutADatabaseTheQueryRunsAndSaysWhyTheBagIsEmpty() {
        CliCommandsTest.Result r = CliCommandsTest.run("query", Q, "--events", empty.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("Port Vell"), r.out());
        assertTrue(r.err().contains("warning: geo_info_from_ip_address() gives an empty bag for every address: no geo"
                + " database is configured"), r.err());
    }

    @Test
    void aMissingFileOrAnAgentQueryIsAUsageError() {
        CliCommandsTest.Result missing = CliCommandsTest.run("query", Q, "--events", empty.toString(), "--geoip-db",
                dir.resolve("absent.mmdb").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("absent.mmdb: no such file"), missing.err());
        CliCommandsTest.Result live = CliCommandsTest.run("query", Q, "--geoip-db", db.toString());
        assertEquals(2, live.code(), live.err());
        assertTrue(live.err().contains("--geoip-db goes with --events"), live.err());
    }

    @Test
    void detectRulesReadIt() throws Exception {
        Path rule = Files.writeString(dir.resolve("geo.kql"), "DeviceNetworkEvents\n"
                + "| where tostring(geo_info_from_ip_address(RemoteIP).country) == 'Atlantis'\n");
        Path events = Files.writeString(dir.resolve("net.jsonl"), "{\"Type\":\"DeviceNetworkEvents\","
                + "\"Timestamp\":\"2026-11-20T11:59:00Z\",\"DeviceId\":\"d1\",\"DeviceName\":\"h1\","
                + "\"ActionType\":\"ConnectionSuccess\",\"RemoteIP\":\"198.51.100.9\",\"RemotePort\":443}\n");
        CliCommandsTest.Result with = CliCommandsTest.run("detect", "--events", events.toString(), "--rules",
                rule.toString(), "--geoip-db", db.toString(), "--now", "2026-11-20T12:00:00Z");
        assertEquals(0, with.code(), with.err());
        assertEquals(1, with.out().trim().split("\n").length, with.out() + with.err());
        CliCommandsTest.Result without = CliCommandsTest.run("detect", "--events", events.toString(), "--rules",
                rule.toString(), "--now", "2026-11-20T12:00:00Z");
        assertEquals(0, without.code(), without.err());
        assertEquals("", without.out().trim(), without.out());
    }
}
