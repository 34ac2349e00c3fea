package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schedule.EventLines;
import dev.hookline.schedule.SentinelCorpus;
import dev.hookline.schema.Times;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Real Sentinel analytic rules (from ../shared, unchanged) over events files written from each rule's own logic:
 * `hookline detect` steps them over the file's time range and they fire; a near miss stays quiet.
 */
class SentinelRulesRunThroughDetectTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T = Times.parse("2026-11-20T10:00:30Z");
    private static final long MIN = 60_000_000_000L;
    private static final long SEC = 1_000_000_000L;

    @TempDir
    Path dir;

    record Result(int code, List<JsonNode> alerts, String err) {
    }

    private Result detect(Path rule, EventLines events) throws Exception {
        Path f = Files.writeString(dir.resolve("events.jsonl"), events.text());
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("detect", "--events", f.toString(), "--rules", rule.toString());
        List<JsonNode> alerts = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                alerts.add(MAPPER.readTree(line));
            }
        }
        return new Result(code, alerts, err.toString());
    }

    private static EventLines build(long buildAt, long editAt, String edited) {
        return new EventLines()
                .add("DeviceProcessEvents", buildAt, "ActionType", "ProcessCreated", "FileName", "MSBuild.exe",
                        "ProcessCommandLine", "MSBuild.exe /t:Build shop.sln", "AccountName", "ci",
                        "InitiatingProcessFileName", "agent-worker.exe", "DeviceName", "build01.corp.example")
                .add("DeviceFileEvents", editAt, "ActionType", "FileModified", "FileName", edited,
                        "FolderPath", "D:\\src\\shop\\" + edited, "InitiatingProcessFileName", "implant.exe",
                        "InitiatingProcessParentFileName", "rundll32.exe", "InitiatingProcessAccountName", "mallory",
                        "InitiatingProcessAccountDomain", "corp", "InitiatingProcessAccountUpn", "mallory@corp.example",
                        "DeviceName", "build01.corp.example");
    }

    @Test
    void aSourceFileModifiedMinutesAfterABuildStartsFiresBuildProcessCompromiseWithItsEntities() throws Exception {
        Result r = detect(SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS), build(T, T + MIN, "Payment.cs"));
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.alerts().size(), r.err());
        JsonNode a = r.alerts().get(0);
        assertEquals("Scheduled", a.get("AlertType").asText());
        assertEquals("1bf6e165-5e32-420e-ab4f-0da8558a8be2", a.get("RuleId").asText());
        assertEquals("Potential Build Process Compromise - MDE", a.get("RuleTitle").asText());
        assertEquals("medium", a.get("Severity").asText());
        assertEquals("[\"Persistence\"]", a.get("MitreTactics").toString());
        assertEquals("[\"T1554\"]", a.get("MitreTechniques").toString());
        assertEquals("MSBuild.exe", a.get("Row").get("BuildProcess").asText());
        assertEquals("[{\"Type\":\"Host\",\"HostName\":\"build01\",\"DnsDomain\":\"corp.example\"},"
                + "{\"Type\":\"Account\",\"FullName\":\"mallory@corp.example\",\"Name\":\"mallory\",\"UPNSuffix\":\"corp\"}]",
                a.get("Entities").toString());
        assertTrue(r.err().contains("scheduled rules: 1 runs, 1 alerts"), r.err());
    }

    @Test
    void aSourceFileModifiedBeforeTheBuildStartsStaysQuiet() throws Exception {
        // same five minutes, same host, but the edit comes first: the rule's BuildProcessTime <= FileEditTime fails
        Result r = detect(SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS),
                build(T + 2 * MIN, T + MIN, "Payment.cs"));
        assertEquals(0, r.code(), r.err());
        assertEquals(0, r.alerts().size(), r.alerts().toString());
    }

    @Test
    void aBuildAndAnEditInDifferentFiveMinuteBinsStayQuiet() throws Exception {
        Result r = detect(SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS), build(T, T + 6 * MIN, "Payment.cs"));
        assertEquals(0, r.alerts().size(), r.alerts().toString());
    }

    private static EventLines taskkills(int distinct) {
        EventLines e = new EventLines();
        long start = Times.parse("2026-11-20T10:00:02Z");
        for (int i = 0; i < distinct; i++) {
            e.add("DeviceProcessEvents", start + i * 5 * SEC, "ActionType", "ProcessCreated", "FileName", "taskkill.exe",
                    "ProcessCommandLine", "taskkill.exe /f /im svc" + i + ".exe", "AccountName", "svc",
                    "DeviceName", "db02.corp.example");
        }
        return e;
    }

    @Test
    void elevenDistinctTaskkillsInTwoMinutesFireMultiProcessKillOnce() throws Exception {
        Result r = detect(SentinelCorpus.rule(SentinelCorpus.TASKKILL), taskkills(11));
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.alerts().size(), r.err());
        JsonNode a = r.alerts().get(0);
        assertEquals(11, a.get("Row").get("taskKillCount").asInt());
        assertEquals("[{\"Type\":\"Host\",\"FullName\":\"db02.corp.example\",\"HostName\":\"db02\",\"DnsDomain\":"
                + "\"corp.example\"}]", a.get("Entities").toString());
    }

    @Test
    void tenDistinctTaskkillsStayUnderTheRulesThreshold() throws Exception {
        Result r = detect(SentinelCorpus.rule(SentinelCorpus.TASKKILL), taskkills(10));
        assertEquals(0, r.alerts().size(), r.alerts().toString());
    }

    @Test
    void vssadminDeletingShadowsFiresShadowCopyDeletionAndListingThemDoesNot() throws Exception {
        Path rule = SentinelCorpus.rule(SentinelCorpus.SHADOW_COPY);
        Result r = detect(rule, new EventLines()
                .add("DeviceProcessEvents", T, "ActionType", "ProcessCreated", "FileName", "vssadmin.exe",
                        "ProcessCommandLine", "vssadmin.exe list shadows", "AccountName", "admin",
                        "AccountDomain", "corp", "DeviceName", "fs01.corp.example", "ProcessId", 4100)
                .add("DeviceProcessEvents", T + MIN, "ActionType", "ProcessCreated", "FileName", "vssadmin.exe",
                        "ProcessCommandLine", "vssadmin.exe delete shadows /all /quiet", "AccountName", "admin",
                        "AccountDomain", "corp", "DeviceName", "fs01.corp.example", "ProcessId", 4242));
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.alerts().size(), r.err());
        JsonNode a = r.alerts().get(0);
        assertEquals("vssadmin.exe delete shadows /all /quiet", a.get("Row").get("ProcessCommandLine").asText());
        String entities = a.get("Entities").toString();
        assertTrue(entities.contains("{\"Type\":\"Account\",\"Name\":\"admin\",\"DnsDomain\":\"corp\"}"), entities);
        assertTrue(entities.contains("{\"Type\":\"Process\",\"ProcessId\":\"4242\",\"CommandLine\":"
                + "\"vssadmin.exe delete shadows /all /quiet\"}"), entities);
    }

    @Test
    void rulesCheckShowsASentinelRulesScheduleAndRefusesAnNrtRuleWithTheReason() throws Exception {
        Path rule = SentinelCorpus.rule(SentinelCorpus.BUILD_PROCESS);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("rules", "check", rule.toString()), err.toString());
        assertTrue(out.toString().contains("1bf6e165-5e32-420e-ab4f-0da8558a8be2  [medium/medium]  Potential Build"
                + " Process Compromise - MDE"), out.toString());
        assertTrue(out.toString().contains("  scheduled rule (Sentinel analytic rule): runs every 1d over 1d, alerts"
                + " when rows gt 0"), out.toString());
        assertTrue(out.toString().contains("1 rule OK (1 scheduled, not streamed)"), out.toString());

        Path nrt = Files.writeString(dir.resolve("nrt.yaml"), Files.readString(rule)
                .replace("kind: Scheduled", "kind: NRT"));
        StringWriter err2 = new StringWriter();
        cl.setErr(new PrintWriter(err2));
        int code = cl.execute("rules", "check", nrt.toString());
        assertEquals(2, code);
        assertTrue(err2.toString().contains("a Sentinel rule of kind NRT cannot run on the host: near-real-time"),
                err2.toString());
    }
}
