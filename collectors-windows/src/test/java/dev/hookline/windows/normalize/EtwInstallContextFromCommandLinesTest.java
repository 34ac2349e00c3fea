package dev.hookline.windows.normalize;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.collector.HostIdentity;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.testing.Capture;
import dev.hookline.windows.testing.Etw;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ETW gives a new process's image and command line, never its environment: the install context of msiexec custom
 * actions and npm scripts comes from paths and from the manager's own command line. Events written for this test.
 */
class EtwInstallContextFromCommandLinesTest {
    static final long T0 = EtwNormalizerTest.T0;
    static final long MS = EtwNormalizerTest.MS;
    static final String VOL = EtwNormalizerTest.VOL;
    static final String SID = EtwNormalizerTest.DEV1;

    Capture sink;
    ProcessTable table;
    EtwNormalizer n;
    final EtwRecord rec = new EtwRecord();

    @BeforeEach
    void setUp() {
        sink = new Capture();
        table = new ProcessTable(60_000 * MS);
        table.put(new ProcessInfo(5000, 700, T0 - 1_000 * MS, "C:\\Windows\\System32\\msiexec.exe",
                "msiexec.exe /i \"C:\\Users\\dev1\\Downloads\\Acme Tool 2.1.msi\" /qn", -1, Account.UNKNOWN));
        table.put(new ProcessInfo(4400, 700, T0 - 1_000 * MS, "C:\\Program Files\\nodejs\\node.exe",
                "\"C:\\Program Files\\nodejs\\node.exe\" \"C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js\""
                        + " install evil-pkg@1.0.3", -1, Account.UNKNOWN));
        table.put(new ProcessInfo(700, 4, T0 - 9_000 * MS, "C:\\Windows\\explorer.exe", "explorer.exe", -1,
                Account.UNKNOWN));
        n = new EtwNormalizer(sink, table, new HostIdentity("win-07", "dev-id"), (s -> new Account("dev1", "CORP",
                s)), new DevicePaths(Map.of(VOL, "C:")), true, EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, 31337);
    }

    private Event start(long t, long pid, long ppid, String image, String shortName, String cmd) {
        n.accept(rec.read(Etw.processStart(T0 + t * MS, ppid, pid, ppid, VOL + image).pointer()));
        n.accept(rec.read(Etw.classic(1, T0 + t * MS, pid, ppid, SID, shortName, cmd).pointer()));
        return sink.events.get(sink.events.size() - 1).copy();
    }

    private static JsonNode fields(Event e) throws Exception {
        String f = e.getString(Columns.ADDITIONAL_FIELDS);
        return f == null ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(f);
    }

    @Test
    void anMsiCustomActionAndItsChildrenNameThePackageFileMsiexecInstalls() throws Exception {
        Event ca = start(1, 5010, 5000, "\\Windows\\System32\\cmd.exe", "cmd.exe", "cmd.exe /c powershell -nop -c x");
        JsonNode f = fields(ca);
        assertEquals("msiexec", f.path("InstallManager").asText(), f.toString());
        assertEquals("Acme Tool 2.1", f.path("InstallPackage").asText(), "ProductName unknown: the file name");
        assertEquals("custom action", f.path("InstallPhase").asText());
        Event ps = start(2, 5020, 5010, "\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe", "powershell -nop -c x");
        assertEquals("Acme Tool 2.1", fields(ps).path("InstallPackage").asText(), "inherited down the tree");
    }

    @Test
    void anNpmScriptIsNamedByItsNodeModulesPathElseByThePackageNpmWasAskedFor() throws Exception {
        Event byPath = start(1, 4410, 4400, "\\Windows\\System32\\cmd.exe", "cmd.exe",
                "C:\\Windows\\system32\\cmd.exe /d /s /c \"node C:\\proj\\node_modules\\dep-pkg\\install.js\"");
        assertEquals("dep-pkg", fields(byPath).path("InstallPackage").asText(), fields(byPath).toString());
        assertEquals("npm", fields(byPath).path("InstallManager").asText());

        Event byCommand = start(2, 4420, 4400, "\\Windows\\System32\\cmd.exe", "cmd.exe",
                "C:\\Windows\\system32\\cmd.exe /d /s /c \"node install.js\"");
        JsonNode f = fields(byCommand);
        assertEquals("evil-pkg", f.path("InstallPackage").asText(), f.toString());
        assertEquals("1.0.3", f.path("InstallVersion").asText());
    }

    @Test
    void aProcessNotUnderAPackageManagerGetsNoInstallContext() throws Exception {
        Event e = start(1, 7010, 700, "\\Windows\\System32\\notepad.exe", "notepad.exe", "notepad.exe a.txt");
        assertTrue(fields(e).path("InstallManager").isMissingNode(), fields(e).toString());
    }
}
