package dev.hookline.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.TableSource;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchAnalyzerFollowsTheCommandsTreeTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long SEC = 1_000_000_000L;
    private final List<Event> events = new ArrayList<>();
    private final TableSource source = (t, c) -> events.stream().filter(e -> e.table() == t).forEach(c);

    private Event proc(long t, long pid, String name, String cmd, long parent, String parentName) {
        Event e = new Event(Table.DeviceProcessEvents).setTime(Columns.TIMESTAMP, T0 + t)
                .set(Columns.ACTION_TYPE, "ProcessCreated").set(Columns.PROCESS_ID, pid).set(Columns.FILE_NAME, name)
                .set(Columns.PROCESS_COMMAND_LINE, cmd).set(Columns.INITIATING_PROCESS_ID, parent)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, parentName);
        events.add(e);
        return e;
    }

    private void net(long t, long pid, String name, String ip, long port, String url) {
        events.add(new Event(Table.DeviceNetworkEvents).setTime(Columns.TIMESTAMP, T0 + t)
                .set(Columns.ACTION_TYPE, "ConnectionSuccess").set(Columns.INITIATING_PROCESS_ID, pid)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, name).set(Columns.REMOTE_IP, ip)
                .set(Columns.REMOTE_PORT, port).set(Columns.REMOTE_URL, url).set(Columns.REMOTE_IP_TYPE, "Public"));
    }

    private void file(long t, long pid, String name, String path) {
        events.add(new Event(Table.DeviceFileEvents).setTime(Columns.TIMESTAMP, T0 + t)
                .set(Columns.ACTION_TYPE, "FileCreated").set(Columns.INITIATING_PROCESS_ID, pid)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, name).set(Columns.FOLDER_PATH, path));
    }

    private static String alert(String severity, long initiatingPid, long pid) {
        return "{\"AlertId\":\"a" + pid + "\",\"RuleId\":\"r\",\"Arm\":\"A\",\"Severity\":\"" + severity
                + "\",\"Event\":{\"ProcessId\":" + pid + ",\"InitiatingProcessId\":" + initiatingPid
                + ",\"InitiatingProcessFileName\":\"node\",\"ProcessCommandLine\":\"sh -c x\"}}";
    }

    @Test
    void onlyTheTreesEventsAndAlertsAreReported() {
        // root 100 (npm as node) -> 101 sh -> 102 curl; 200 is an unrelated process on the host.
        proc(1 * SEC, 101, "dash", "sh -c curl http://x", 100, "node");
        proc(2 * SEC, 102, "curl", "curl http://x", 101, "dash");
        proc(2 * SEC, 201, "dash", "sh -c other", 200, "node");
        proc(-5 * SEC, 300, "dash", "before the watch", 100, "node"); // pid 100 reused before the watch started
        net(3 * SEC, 102, "curl", "203.0.113.9", 80, "evil.example");
        net(3 * SEC, 102, "curl", "203.0.113.9", 80, "evil.example"); // retry: one row
        net(3 * SEC, 201, "dash", "198.51.100.1", 443, "");
        Path wd = Path.of("/work/proj");
        file(4 * SEC, 100, "node", "/work/proj/node_modules/x/package.json");
        file(4 * SEC, 101, "dash", "/home/u/.bashrc");
        file(4 * SEC, 101, "dash", "/work/proj/.github/workflows/ci.yml");
        file(4 * SEC, 201, "dash", "/work/proj/.github/workflows/other.yml");

        WatchReport r = new WatchAnalyzer(100, T0, wd).analyze(List.of("npm", "i"), 0, T0 + 5 * SEC, source, null,
                List.of(alert("high", 100, 101), alert("critical", 200, 201), "not json",
                        "{\"AlertType\":\"AgentHealth\",\"AlertId\":\"h\"}"), List.of());

        assertEquals(3, r.processes());
        assertEquals(1, r.installerSpawns().size());
        assertEquals("node", r.installerSpawns().get(0).parent());
        assertEquals(101, r.installerSpawns().get(0).pid());
        assertEquals(1, r.endpoints().size());
        assertEquals("evil.example (203.0.113.9):80", r.endpoints().get(0).target());
        assertEquals(List.of("shell profile", "CI pipeline"),
                r.sensitiveWrites().stream().map(WatchReport.FileWrite::category).toList());
        assertEquals(2, r.workdirWriteCount());
        assertEquals(1, r.alerts().size());
        assertEquals(1, r.otherHostAlerts());
        assertEquals("high", r.failingAlert("high").severity());
        assertEquals("high", r.failingAlert("medium").severity());
        assertNull(r.failingAlert("critical"));
        assertNull(r.failingAlert(null));
    }

    @Test
    void forksWithoutExecJoinThroughTheProcessTable() {
        ProcessTable table = new ProcessTable(60 * SEC);
        table.put(new ProcessInfo(150, 100, T0 + SEC, "/usr/bin/dash", "sh", 0, null));
        net(2 * SEC, 150, "dash", "192.0.2.7", 22, "");
        WatchReport r = new WatchAnalyzer(100, T0, Path.of("/w")).analyze(List.of("sh"), 0, T0 + 3 * SEC, source,
                table, List.of(), List.of());
        assertEquals(1, r.endpoints().size());
        assertEquals(150, r.endpoints().get(0).pid());
    }

    @Test
    void markdownEscapesCellsAndShowsTheVerdict() {
        proc(SEC, 101, "dash", "sh -c 'a|b' `x`", 100, "npm");
        WatchReport r = new WatchAnalyzer(100, T0, Path.of("/w")).analyze(List.of("npm", "ci"), 0, T0 + SEC, source,
                null, List.of(alert("high", 100, 101)), List.of("a note"));
        String md = SummaryFormat.markdown(r, "high");
        assertTrue(md.contains("**FAIL: high alert r / A (--fail-on high)**"), md);
        assertTrue(md.contains("`sh -c 'a\\|b' 'x'`"), md);
        assertTrue(md.contains("> a note"), md);
        String text = SummaryFormat.text(r, null);
        assertTrue(text.contains("verdict: 1 alert(s)"), text);
    }

    private static final String EVIL = "{\"InstallManager\":\"npm\",\"InstallPackage\":\"evil-pkg\","
            + "\"InstallVersion\":\"1.0.3\",\"InstallPhase\":\"postinstall\",\"InstallProjectDir\":\"/work/proj\"}";

    private void last(String additionalFields) {
        events.get(events.size() - 1).set(Columns.ADDITIONAL_FIELDS, additionalFields);
    }

    @Test
    void theSummaryGroupsWhatEachPackagesScriptsDidByPackage() {
        proc(1 * SEC, 101, "dash", "sh -c curl http://x", 100, "node");
        last(EVIL);
        proc(2 * SEC, 102, "curl", "curl http://x", 101, "dash");
        last(EVIL);
        proc(2 * SEC, 103, "git", "git --version", 100, "node"); // npm's own helper: no package
        net(3 * SEC, 102, "curl", "203.0.113.9", 443, "x.example");
        last(EVIL);
        file(4 * SEC, 101, "dash", "/work/proj/.github/workflows/ci.yml");
        last(EVIL);
        String alert = "{\"AlertId\":\"a\",\"RuleId\":\"r\",\"Arm\":\"A\",\"Severity\":\"high\",\"RuleTitle\":\"T\","
                + "\"AlertTitle\":\"T (evil-pkg@1.0.3, npm postinstall)\",\"InstallContext\":" + EVIL
                + ",\"Event\":{\"ProcessId\":101,\"InitiatingProcessId\":100,\"InitiatingProcessFileName\":\"node\"}}";
        WatchReport r = new WatchAnalyzer(100, T0, Path.of("/work/proj")).analyze(List.of("npm", "i"), 0,
                T0 + 5 * SEC, source, null, List.of(alert), List.of());
        assertEquals(1, r.packages().size());
        assertEquals("evil-pkg@1.0.3, npm postinstall: spawned dash → curl; connected to x.example:443;"
                + " wrote .github/workflows/ci.yml", r.packages().get(0).line());
        assertEquals("evil-pkg@1.0.3, npm postinstall", r.alerts().get(0).installLabel());
        assertEquals("T (evil-pkg@1.0.3, npm postinstall)", r.alerts().get(0).title());
        String text = SummaryFormat.text(r, null);
        assertTrue(text.contains("package install steps: 1\n    evil-pkg@1.0.3, npm postinstall: spawned"), text);
        assertTrue(text.contains("[evil-pkg@1.0.3, npm postinstall]"), text);
        assertTrue(SummaryFormat.markdown(r, null).contains("| `evil-pkg@1.0.3, npm postinstall` | `dash → curl` |"),
                SummaryFormat.markdown(r, null));
    }
}
