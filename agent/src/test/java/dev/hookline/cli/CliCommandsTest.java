package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.ConfigLoader;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliCommandsTest {
    @TempDir
    static Path dir;
    static Path events;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void copyFixtures() throws Exception {
        events = dir.resolve("events.jsonl");
        try (InputStream in = CliCommandsTest.class.getResourceAsStream("/fixtures/seed-cases.jsonl")) {
            Files.write(events, in.readAllBytes());
        }
    }

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void queryFetchesRemoteExternaldataOnlyWhenAskedAndOnlyFromAFile() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/iocs.txt", ex -> {
            byte[] body = "evil.example\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            String q = "externaldata (Host:string) [@'http://127.0.0.1:" + server.getAddress().getPort()
                    + "/iocs.txt'] with (format='txt')";
            Result refused = run("query", q, "--events", events.toString());
            assertEquals(2, refused.code(), refused.err());
            assertTrue(refused.err().contains("--allow-remote-externaldata"), refused.err());
            Result fetched = run("query", q, "--events", events.toString(), "--allow-remote-externaldata");
            assertEquals(0, fetched.code(), fetched.err());
            assertTrue(fetched.out().contains("evil.example"), fetched.out());
            Result live = run("query", q, "--allow-remote-externaldata");
            assertEquals(2, live.code(), live.err());
            assertTrue(live.err().contains("needs --events"), live.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void configDefaultsReachesStandardOutputWhole() {
        // Through Main.run and the real System.out, as the launcher runs it (picocli's own writers), not the
        // StringWriters above: its output used to stay in the writer's buffer at exit.
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.run("config", "defaults");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        assertEquals(ConfigLoader.documentedDefaults(dev.hookline.config.KnownCollectors.installed()),
                captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void detectFetchesRemoteExternaldataOnlyWhenAsked() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/domains.txt", ex -> {
            byte[] body = "npm-mirror.evil-cdn.example\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            Path rule = dir.resolve("feed-domains.kql");
            Files.writeString(rule, "let Feed = externaldata (Domain:string) [@'http://127.0.0.1:"
                    + server.getAddress().getPort() + "/domains.txt'] with (format='txt');\n"
                    + "DeviceNetworkEvents | where RemoteUrl in (Feed)\n");
            Result refused = run("detect", "--events", events.toString(), "--rules", rule.toString());
            assertEquals(2, refused.code(), refused.err());
            assertTrue(refused.err().contains("--allow-remote-externaldata"), refused.err());
            Result fetched = run("detect", "--events", events.toString(), "--rules", rule.toString(),
                    "--allow-remote-externaldata", "--now", "2026-11-20T12:00:00Z");
            assertEquals(0, fetched.code(), fetched.err());
            assertTrue(fetched.out().contains("npm-mirror.evil-cdn.example"), fetched.out() + fetched.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void detectPrintsOneJsonAlertPerLine() {
        Result r = run("detect", "--events", events.toString(), "--now", "2026-11-20T12:00:00Z");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().trim().split("\n");
        // 20 from the seed pack, 10 from the Hookline pack (registry on loopback, pip to 8443, curl and the reverse
        // shell below pip, `id` and the credential read under setup.py, npm to an unknown host, the download
        // cradle under msiexec and `bash -c curl` under pkgutil)
        assertEquals(30, lines.length, r.out());
        for (String l : lines) {
            assertTrue(l.startsWith("{\"AlertId\":\"") && l.endsWith("}"), l);
        }
        assertTrue(r.err().contains("39 events, 30 alerts"), r.err());
        assertTrue(r.err().contains("AccountName"), "the T1546.016 warning is shown: " + r.err());
    }

    @Test
    void detectWithTheVerbatimSeedsDirectoryFindsTheSameAlertCount() {
        Result r = run("detect", "--events", events.toString(), "--now", "2026-11-20T12:00:00Z",
                "--rules", Fixtures.seedsDir().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("39 events, 20 alerts"), r.err());
    }

    @Test
    void withoutNowAnOldCaptureRaisesNothingBecauseOfAgo() {
        Result r = run("detect", "--events", events.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out().trim());
    }

    @Test
    void queryPrintsATableOrJson() {
        Result t = run("query", "DeviceProcessEvents | where InitiatingProcessFileName =~ \"msiexec.exe\" "
                + "| project FileName, ProcessId | sort by FileName asc", "--events", events.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("FileName"), t.out());
        assertTrue(t.out().contains("cmd.exe") && t.out().contains("(2 rows)"), t.out());
        Result j = run("query", "DeviceFileEvents | summarize count() by ActionType | sort by ActionType asc",
                "--events", events.toString(), "--format", "json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("{\"ActionType\":\"FileCreated\",\"count_\":"), j.out());
    }

    @Test
    void functionsListsTheFunctionTable() {
        Result r = run("functions");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Scalar functions:"), r.out());
        assertTrue(r.out().contains("  parse_json(text)  "), r.out());
        assertTrue(r.out().contains("(also: todynamic, parsejson, toobject)"), r.out());
        assertTrue(r.out().contains("Aggregate functions (summarize):"), r.out());
    }

    @Test
    void badKqlExitsTwoWithLineAndColumnAndNoStackTrace() {
        Result r = run("query", "DeviceProcessEvents\n| where FileName == ", "--events", events.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 2, column"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void querySinceTakesAKqlTimespanAndSaysItReadsTheAgentsStoreNotAFile() {
        Result bad = run("query", "DeviceProcessEvents | take 1", "--since", "yesterday");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--since expects a positive timespan such as 1d"), bad.err());
        Result withFile = run("query", "DeviceProcessEvents | take 1", "--since", "1d", "--events", events.toString());
        assertEquals(2, withFile.code());
        assertTrue(withFile.err().contains("--since reads the running agent's event store"), withFile.err());
    }

    @Test
    void rulesCheckListsArmsAndTheAccountNameWarning() {
        Result r = run("rules", "check", Fixtures.seedsDir().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("arm PackageManagerSpawnedSuspiciousChild on DeviceProcessEvents"), r.out());
        assertTrue(r.out().contains("arm INSTALLER_NETWORK_ACTIVITY on DeviceNetworkEvents"), r.out());
        assertTrue(r.out().contains("2 rules OK, 1 warning"), r.out());
    }

    @Test
    void rulesCheckAcceptsASummarizeQueryAsAScheduledRule() throws Exception {
        Path f = dir.resolve("rare-parents.kql");
        Files.writeString(f, "// rare parents of cmd.exe\nDeviceProcessEvents\n| where FileName =~ 'cmd.exe'\n"
                + "| summarize dcount(DeviceName) by InitiatingProcessFileName\n");
        Result r = run("rules", "check", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("scheduled rule (not streamable: summarize at line 4): runs every 5m over 1h,"
                + " alerts when rows gt 0"), r.out());
        assertTrue(r.out().contains("1 rule OK (1 scheduled, not streamed), 0 warnings"), r.out());
    }

    @Test
    void rulesCheckCompilesDisabledExclusionsAndNamesTheirFilePosition() throws Exception {
        Path rule = dir.resolve("excl-rule.yaml");
        Files.writeString(rule, "id: r.excl\ntitle: t\nquery: DeviceProcessEvents | where FileName == 'sh'\n"
                + "exclusions:\n  - id: off-and-broken\n    where: FolderPath startswith\n");
        Result r = run("rules", "check", rule.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("excl-rule.yaml, line 6, column ") && r.err().contains("off-and-broken"), r.err());
        Path ok = dir.resolve("excl-ok.yaml");
        Files.writeString(ok, "id: r.ok\ntitle: t\nquery: DeviceProcessEvents | where FileName == 'sh'\n");
        Path tuning = dir.resolve("excl-tuning.yaml");
        Files.writeString(tuning, "exclusions:\n  - id: tuned-off\n    rule: r.ok\n    enabled: false\n"
                + "    where: |\n      FolderPath == '/x'\n      and NoSuchColumn == 1\n");
        Result t = run("rules", "check", ok.toString(), "--tuning", tuning.toString());
        assertEquals(2, t.code(), t.out());
        assertTrue(t.err().contains("excl-tuning.yaml, line 7, column 11") && t.err().contains("tuned-off")
                && t.err().contains("NoSuchColumn"), t.err());
    }

    @Test
    void rulesCheckOnABrokenFileExitsTwo() throws Exception {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "id: x\ntitle: y\nquery: DeviceProcessEvents | where\n");
        Result r = run("rules", "check", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("broken.yaml"), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"--help"}, {"detect", "--help"}, {"query", "--help"},
                {"rules", "--help"}, {"rules", "check", "--help"}, {"rules", "list", "--help"}}) {
            Result r = run(cmd);
            assertEquals(0, r.code(), String.join(" ", cmd));
            assertTrue(r.out().contains("Usage:"), r.out());
        }
    }

    @Test
    void missingEventsFileIsAClearError() {
        Result r = run("detect", "--events", dir.resolve("nope.jsonl").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }
}
