package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `detect --rules DIR` loads what it can and says what it skipped; `--strict` stops instead; `rules check` reports
 * every bad file; `sigma convert` writes UTF-8 whatever the locale.
 */
class SigmaFoldersLoadThroughTheCliTest {
    @TempDir
    Path dir;

    private static final String WIN_NC = "title: nc on windows\nid: win-nc\nlogsource:\n  category: process_creation\n"
            + "  product: windows\ndetection:\n  sel:\n    Image|endswith: '\\nc.exe'\n  condition: sel\n";
    private static final String ANY_NC = "title: nc anywhere\nid: any-nc\nlogsource:\n  category: process_creation\n"
            + "detection:\n  sel:\n    CommandLine|contains: ' -e '\n  condition: sel\n";

    private Path rules() throws Exception {
        Path r = dir.resolve("rules");
        Files.createDirectories(r);
        Files.writeString(r.resolve("a_win.yml"), WIN_NC);
        Files.writeString(r.resolve("b_any.yml"), ANY_NC);
        Files.writeString(r.resolve("c_agg.yml"), ANY_NC.replace("any-nc", "agg").replace("condition: sel",
                "condition: sel | count() > 3"));
        Files.writeString(r.resolve("d_cwd.yml"), ANY_NC.replace("any-nc", "cwd").replace("CommandLine|contains: ' -e '",
                "CurrentDirectory: /tmp"));
        return r;
    }

    private Path events() throws Exception {
        Path ev = dir.resolve("events.jsonl");
        Files.writeString(ev, String.join("\n",
                "{\"Type\":\"DeviceProcessEvents\",\"FileName\":\"nc.exe\",\"FolderPath\":\"C:\\\\tools\\\\nc.exe\","
                        + "\"ProcessCommandLine\":\"nc.exe -e cmd\"}",
                "{\"Type\":\"DeviceProcessEvents\",\"FileName\":\"nc.exe\",\"FolderPath\":\"/home/u/nc.exe\","
                        + "\"ProcessCommandLine\":\"nc.exe -e sh\"}") + "\n");
        return ev;
    }

    @Test
    void detectLoadsTheSupportedRulesAndSaysWhatItSkipped() throws Exception {
        CliCommandsTest.Result r = CliCommandsTest.run("detect", "--rules", rules().toString(), "--events",
                events().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("hookline: skipped " + dir.resolve("rules/c_agg.yml") + ": condition"), r.err());
        assertTrue(r.err().contains("hookline: skipped " + dir.resolve("rules/d_cwd.yml") + ": field 'CurrentDirectory'"),
                r.err());
        assertTrue(r.err().contains("2 rules loaded, 2 Sigma rules skipped (1 condition, 1 field)"), r.err());
        // the Windows rule fires on the Windows row only; the product-less rule on both
        List<String> alerts = r.out().lines().toList();
        assertEquals(3, alerts.size(), r.out());
        assertEquals(1, alerts.stream().filter(l -> l.contains("sigma.win-nc")).count(), r.out());
        assertTrue(alerts.stream().filter(l -> l.contains("sigma.win-nc")).allMatch(l -> l.contains("C:\\\\tools")));
    }

    @Test
    void detectWithAPlatformRunsNoRuleOfAnotherSystem() throws Exception {
        CliCommandsTest.Result r = CliCommandsTest.run("detect", "--rules", rules().toString(), "--events",
                events().toString(), "--platform", "linux");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("1 rules are for another OS than --platform linux"), r.err());
        assertTrue(r.out().lines().noneMatch(l -> l.contains("sigma.win-nc")), r.out());
        assertEquals(2, CliCommandsTest.run("detect", "--rules", rules().toString(), "--events",
                events().toString(), "--platform", "beos").code());
    }

    @Test
    void strictStopsAtTheFirstRuleThatDoesNotLoad() throws Exception {
        CliCommandsTest.Result r = CliCommandsTest.run("detect", "--strict", "--rules", rules().toString(), "--events",
                events().toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("hookline: " + dir.resolve("rules/c_agg.yml")), r.err());
        assertEquals("", r.out());
    }

    @Test
    void rulesCheckReportsEveryBadFileInOrder() throws Exception {
        CliCommandsTest.Result r = CliCommandsTest.run("rules", "check", rules().toString());
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("hookline: " + dir.resolve("rules/c_agg.yml") + ": "), r.err());
        assertTrue(lines.get(1).startsWith("hookline: " + dir.resolve("rules/d_cwd.yml") + ": "), r.err());
        assertTrue(r.out().contains("2 rules OK") && r.out().contains("2 problems"), r.out());
    }

    @Test
    void convertWritesUtf8UnderAnAsciiDefaultCharset() throws Exception {
        Path rule = dir.resolve("dash.yml");
        Files.writeString(rule, "title: en dash \u2013 and emoji \uD83D\uDE00\nlogsource:\n  category: process_creation\n"
                + "detection:\n  sel:\n    CommandLine|contains: '\u2013enc'\n  condition: sel\n", StandardCharsets.UTF_8);
        // a JVM whose default charset is ASCII, as under LC_ALL=C
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=ANSI_X3.4-1968", "-Dsun.stdout.encoding=ANSI_X3.4-1968",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sigma", "convert", rule.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("// en dash \u2013 and emoji \uD83D\uDE00"), text);
        assertTrue(text.contains("ProcessCommandLine contains \"\u2013enc\""), text);
    }
}
