package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * eslogger's exec carries the image, arguments and working directory, not the environment: the install context of
 * .pkg scripts and npm scripts comes from the script's path and arguments, its cwd, and the manager's command line.
 * Events written for this test in eslogger's JSON form (only the fields the mapper reads).
 */
class EsInstallContextFromPathsAndCommandLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Fixtures.Recorder rec = new Fixtures.Recorder();
    private final ProcessTable table = new ProcessTable(60_000_000_000L);
    private final EsEventMapper mapper = new EsEventMapper(rec, table, null, null, null, null, 2_000_000_000L,
            60_000_000_000L);
    private final EsloggerParser parser = new EsloggerParser();
    private long seq;

    private static String q(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An exec of {@code path} with {@code args} in {@code cwd} by pid, child of ppid. */
    private Event exec(long pid, long ppid, String path, String cwd, String... args) throws Exception {
        StringBuilder a = new StringBuilder();
        for (String s : args) {
            a.append(a.length() == 0 ? "" : ",").append(q(s));
        }
        String line = "{\"time\":\"2026-01-02T03:04:05Z\",\"event_type\":9,\"global_seq_num\":" + (++seq)
                + ",\"process\":{\"audit_token\":{\"pid\":" + pid + ",\"pidversion\":1},\"ppid\":" + ppid
                + ",\"executable\":{\"path\":\"/bin/sh\"}},\"event\":{\"exec\":{\"args\":[" + a + "],"
                + (cwd == null ? "" : "\"cwd\":{\"path\":" + q(cwd) + "},") + "\"target\":{\"audit_token\":{\"pid\":"
                + pid + ",\"pidversion\":1,\"euid\":0},\"ppid\":" + ppid + ",\"executable\":{\"path\":" + q(path)
                + "}}}}}";
        int before = rec.events.size();
        mapper.accept(parser.parse(line));
        List<Event> rows = rec.events.subList(before, rec.events.size()).stream()
                .filter(e -> e.table() == Table.DeviceProcessEvents).toList();
        assertEquals(1, rows.size(), line);
        return rows.get(0);
    }

    private static JsonNode fields(Event e) throws Exception {
        String f = e.getString(Columns.ADDITIONAL_FIELDS);
        return f == null ? JSON.createObjectNode() : JSON.readTree(f);
    }

    private void running(long pid, long ppid, String path, String cmd) {
        table.put(new ProcessInfo(pid, ppid, 0, path, cmd, 0, Account.UNKNOWN));
    }

    @Test
    void aPkgPostinstallScriptNamesThePackageFromItsFirstArgumentAndThePhaseFromItsName() throws Exception {
        running(300, 1, "/System/Library/PrivateFrameworks/PackageKit.framework/Versions/A/XPCServices/"
                + "package_script_service.xpc/Contents/MacOS/package_script_service", "package_script_service");
        Event script = exec(310, 300, "/bin/sh", "/", "/bin/sh",
                "/private/tmp/PKInstallSandbox.a1b2/Scripts/com.acme.tool.pkg.x9/postinstall",
                "/Users/dev/Downloads/Acme Tool.pkg", "/Applications", "/", "/");
        JsonNode f = fields(script);
        assertEquals("pkg", f.path("InstallManager").asText(), f.toString());
        assertEquals("Acme Tool", f.path("InstallPackage").asText());
        assertEquals("postinstall", f.path("InstallPhase").asText());
        Event curl = exec(311, 310, "/usr/bin/curl", "/", "curl", "-s", "https://x.example/p");
        assertEquals("Acme Tool", fields(curl).path("InstallPackage").asText(), "inherited by the script's child");
    }

    @Test
    void anNpmScriptIsNamedByItsWorkingDirectoryUnderNodeModulesElseByThePackageAskedFor() throws Exception {
        running(400, 1, "/opt/homebrew/bin/node", "node /opt/homebrew/lib/node_modules/npm/bin/npm-cli.js install "
                + "evil-pkg@1.0.3");
        Event inDir = exec(410, 400, "/bin/sh", "/Users/dev/app/node_modules/dep-pkg", "sh", "-c", "node install.js");
        assertEquals("dep-pkg", fields(inDir).path("InstallPackage").asText(), fields(inDir).toString());
        assertEquals("/Users/dev/app", fields(inDir).path("InstallProjectDir").asText());

        Event asked = exec(420, 400, "/bin/sh", "/Users/dev/app", "sh", "-c", "node setup.js");
        assertEquals("evil-pkg", fields(asked).path("InstallPackage").asText(), fields(asked).toString());
        assertEquals("1.0.3", fields(asked).path("InstallVersion").asText());
    }

    @Test
    void aProcessNotUnderAPackageManagerGetsNoInstallContext() throws Exception {
        running(500, 1, "/bin/zsh", "-zsh");
        Event e = exec(510, 500, "/usr/bin/curl", "/Users/dev/app/node_modules/x", "curl", "https://x.example");
        assertTrue(fields(e).path("InstallManager").isMissingNode(), "the cheap rule: no manager, no look");
    }
}
