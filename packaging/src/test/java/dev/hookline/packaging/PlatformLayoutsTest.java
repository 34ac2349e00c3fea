package dev.hookline.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What `mvn verify` builds for Windows and macOS here (no Windows jmods, no pkgbuild): the Windows zip's entries and
 * the macOS payload and scripts ready for pkgbuild; and every packaging script linted (shell by sh -n / bash -n and
 * shellcheck, PowerShell by a delimiter check: no PowerShell parser installs on Debian).
 */
class PlatformLayoutsTest {
    private static final String BASE = "Library/Application Support/Hookline";

    private static Path target() {
        return Sh.packagingDir().resolve("target");
    }

    private static Element parse(InputStream in) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(in).getDocumentElement();
    }

    @Test
    void theWindowsZipHoldsLaunchersServiceScriptsConfigJarsAndTheJnaDll() throws Exception {
        Path zip = target().resolve("hookline-" + System.getProperty("hookline.version")
                + "-windows-x64-noruntime.zip");
        assertTrue(Files.exists(zip), zip + " built by build-zip --no-runtime");
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().map(ZipEntry::getName).forEach(names::add);
            for (String n : List.of("bin/hookline.cmd", "bin/hookline.ps1", "bin/hookline-service.xml", "install.ps1",
                    "uninstall.ps1", "hookline.yaml", "lib/native/jnidispatch.dll")) {
                assertTrue(names.contains(n), n + " in " + names);
            }
            for (String jar : List.of("hookline-agent-", "hookline-collectors-windows-", "jna-", "jna-platform-")) {
                assertTrue(names.stream().anyMatch(n -> n.startsWith("lib/" + jar) && n.endsWith(".jar")), jar);
            }
            assertFalse(names.stream().anyMatch(n -> n.startsWith("runtime/")), "no runtime without Windows jmods");
            try (InputStream in = z.getInputStream(z.getEntry("bin/hookline-service.xml"))) {
                Element svc = parse(in);
                assertEquals("Hookline", svc.getElementsByTagName("id").item(0).getTextContent());
            }
            String cmd = new String(z.getInputStream(z.getEntry("bin/hookline.cmd")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(cmd.contains("runtime\\bin\\java.exe") && cmd.contains("dev.hookline.cli.Main"), cmd);
            String ps1 = new String(z.getInputStream(z.getEntry("bin/hookline.ps1")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(ps1.contains("runtime\\bin\\java.exe") && ps1.contains("dev.hookline.cli.Main @args"), ps1);
        }
    }

    @Test
    void theMacosLayoutIsReadyForPkgbuildWithADaemonThatRunsThePayloadsLauncher() throws Exception {
        Path macos = target().resolve("macos");
        Path payload = macos.resolve("payload");
        Path plist = payload.resolve("Library/LaunchDaemons/dev.hookline.agent.plist");
        Map<String, Node> keys = new TreeMap<>();
        try (InputStream in = Files.newInputStream(plist)) {
            Element dict = (Element) parse(in).getElementsByTagName("dict").item(0);
            String key = null;
            for (Node n = dict.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    if (e.getTagName().equals("key")) {
                        key = e.getTextContent();
                    } else {
                        keys.put(key, e);
                    }
                }
            }
        }
        assertEquals("dev.hookline.agent", keys.get("Label").getTextContent());
        List<String> args = new ArrayList<>();
        for (Node n = keys.get("ProgramArguments").getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                args.add(e.getTextContent());
            }
        }
        assertEquals(List.of("/" + BASE + "/bin/hookline", "run", "--config", "/" + BASE + "/hookline.yaml"), args);
        Path launcher = payload.resolve(args.get(0).substring(1));
        assertTrue(Files.isExecutable(launcher), "the daemon's program is in the payload, executable: " + launcher);
        assertTrue(Files.exists(payload.resolve(BASE + "/hookline.yaml.default")),
                "postinstall copies it to hookline.yaml");
        assertEquals(Path.of("/" + BASE + "/bin/hookline"),
                Files.readSymbolicLink(payload.resolve("usr/local/bin/hookline")));
        try (Stream<Path> jars = Files.list(payload.resolve(BASE + "/lib"))) {
            assertTrue(jars.anyMatch(p -> p.getFileName().toString().startsWith("hookline-collectors-macos-")));
        }
        for (String s : List.of("preinstall", "postinstall")) {
            assertTrue(Files.isExecutable(macos.resolve("scripts").resolve(s)), s + " executable for pkgbuild");
        }
    }

    /** Every shell script under packaging/ (and the source tree's launcher): by its #! line. */
    private static List<Path> shellScripts() throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = Sh.packagingDir();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.startsWith(dir.resolve("target")))
                    .filter(p -> !p.startsWith(dir.resolve("src"))).toList()) {
                if (shebang(p).matches("#!\\s*(/usr/bin/env\\s+)?(/bin/)?(ba)?sh\\b.*")) {
                    out.add(p);
                }
            }
        }
        out.add(dir.getParent().resolve("hookline"));
        return out;
    }

    private static String shebang(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(80);
            String s = new String(b, StandardCharsets.ISO_8859_1);
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }

    @Test
    void everyShellScriptParsesAndPassesShellcheck() throws Exception {
        List<Path> scripts = shellScripts();
        assertTrue(scripts.size() >= 12, "found the scripts: " + scripts);
        for (Path p : scripts) {
            String shell = shebang(p).contains("bash") ? "bash" : "sh";
            Sh.run(List.of(shell, "-n", p.toString())).ok();
        }
        if (!Sh.onPath("shellcheck")) {
            System.out.println("SKIPPED shellcheck (not installed: apt-get install shellcheck; .ci/run installs it)");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "-S", "warning"));
        scripts.forEach(p -> cmd.add(p.toString()));
        Sh.run(cmd).ok();
    }

    @Test
    void everyPowerShellScriptHasBalancedBlocksAndStrings() throws Exception {
        List<Path> ps1;
        try (Stream<Path> s = Files.walk(Sh.packagingDir().resolve("windows"))) {
            ps1 = s.filter(p -> p.toString().endsWith(".ps1")).toList();
        }
        assertEquals(3, ps1.size(), ps1.toString());
        for (Path p : ps1) {
            String problem = PowerShellDelimiters.check(Files.readString(p));
            assertEquals(null, problem, p + ": " + problem);
        }
        assertEquals("line 2: ')' closes '{' opened on line 1",
                PowerShellDelimiters.check("if ($x) {\n  Write-Host 'a')\n}"));
        assertEquals("line 1: string not closed", PowerShellDelimiters.check("Write-Host \"a `\" b"));
        assertEquals(null, PowerShellDelimiters.check("<# a ( comment #>\n$a = @'\n( here\n'@\n# )\n$b = \"x`\"(\""));
    }
}
