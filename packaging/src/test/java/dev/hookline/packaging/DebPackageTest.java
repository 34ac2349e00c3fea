package dev.hookline.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Installs the built .deb on this machine (root, dpkg; CI's machine is throwaway), under `hookline watch` from the
 * runtime image so the install itself is observed, checks what dpkg put where, runs the installed command, and
 * purges it again, also when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageTest {
    private Path deb;
    private Path work;
    private Sh.Out install;
    private boolean installed;
    /** A /var/lib/hookline that was here before (e.g. from `./hookline run`): moved aside, put back at the end. */
    private Path savedState;

    @BeforeAll
    void install() throws IOException {
        Sh.require(Sh.root(), "the .deb install test needs root (dpkg -i)");
        Sh.require(Sh.onPath("dpkg") && Sh.onPath("dpkg-deb"), "dpkg is not installed: not a Debian machine");
        Sh.require(Sh.run(List.of("dpkg-query", "-W", "-f=${Status}", "hookline")).text().contains("not-installed")
                || Sh.run(List.of("dpkg-query", "-W", "hookline")).code() != 0,
                "a hookline package is already installed on this machine: not touching it");
        try (Stream<Path> s = Files.list(Sh.packagingDir().resolve("target"))) {
            deb = s.filter(p -> p.getFileName().toString().matches("hookline_.*\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/hookline_*.deb: packaging/linux/build-deb did not run"));
        }
        work = Files.createTempDirectory("hookline-deb-test");
        Path state = Path.of("/var/lib/hookline");
        if (Files.exists(state)) {
            savedState = Path.of("/var/lib/hookline.before-deb-test");
            Sh.run(List.of("rm", "-rf", savedState.toString())).ok();
            Files.move(state, savedState);
        }
        Path image = Sh.packagingDir().resolve("target/image/hookline/bin/hookline");
        install = Sh.run(List.of(image.toString(), "watch", "--report", work.resolve("install.json").toString(), "--",
                "dpkg", "-i", deb.toString()), work, Map.of("HOOKLINE_NO_START", "1"), 180);
        if (install.code() == 4) { // the agent could not start (audit taken?): install without the watch
            System.err.println("hookline watch could not start, installing without it:\n" + install.text());
            Sh.run(List.of("dpkg", "-i", deb.toString()), work, Map.of("HOOKLINE_NO_START", "1"), 120).ok();
        }
        installed = true;
    }

    @AfterAll
    void purge() {
        if (installed && Sh.run(List.of("dpkg-query", "-W", "hookline")).code() == 0) {
            Sh.run(List.of("dpkg", "--purge", "hookline"));
        }
        if (savedState != null) {
            Sh.run(List.of("rm", "-rf", "/var/lib/hookline"));
            Sh.run(List.of("mv", savedState.toString(), "/var/lib/hookline"));
        }
    }

    @Test
    @Order(1)
    void installSucceedsAndPutsTheLayoutInPlace() {
        assertTrue(install.code() == 0 || install.code() == 4, install.text());
        String files = Sh.run(List.of("dpkg", "-L", "hookline")).ok().text();
        for (String f : List.of("/opt/hookline/bin/hookline", "/opt/hookline/runtime/bin/java",
                "/opt/hookline/lib/hookline-agent-" + System.getProperty("hookline.version", "0.1.0-SNAPSHOT") + ".jar",
                "/opt/hookline/lib/native/libjnidispatch.so", "/usr/bin/hookline", "/lib/systemd/system/hookline.service",
                "/etc/hookline/hookline.yaml", "/usr/share/doc/hookline/packaging.md")) {
            assertTrue(files.lines().anyMatch(f::equals), f + " not in dpkg -L:\n" + files);
        }
        assertFalse(files.contains("/opt/hookline/runtime/jmods"), "the runtime must be a jlink image, not a JDK");
    }

    @Test
    @Order(2)
    void ownersAndModesAreRootAndConventional() {
        Map<String, String> expected = Map.of(
                "/opt/hookline/bin/hookline", "root:root 755",
                "/opt/hookline/runtime/bin/java", "root:root 755",
                "/opt/hookline/lib", "root:root 755",
                "/etc/hookline/hookline.yaml", "root:root 644",
                "/lib/systemd/system/hookline.service", "root:root 644",
                "/var/lib/hookline", "root:root 750");
        expected.forEach((path, want) ->
                assertEquals(want, Sh.run(List.of("stat", "-c", "%U:%G %a", path)).ok().text().trim(), path));
        assertEquals("/opt/hookline/bin/hookline",
                Sh.run(List.of("readlink", "/usr/bin/hookline")).ok().text().trim());
        // Nothing in the package is writable by others, nothing is setuid.
        String loose = Sh.run(List.of("find", "/opt/hookline", "(", "-perm", "-o+w", "-o", "-perm", "-u+s", ")",
                "-not", "-type", "l")).ok().text();
        assertEquals("", loose.trim());
        String owners = Sh.run(List.of("find", "/opt/hookline", "-not", "-user", "root")).ok().text();
        assertEquals("", owners.trim());
    }

    @Test
    @Order(3)
    void configIsAConffileHoldingTheDocumentedDefaults() throws IOException {
        String conffiles = Sh.run(List.of("dpkg-query", "-W", "-f=${Conffiles}", "hookline")).ok().text();
        assertTrue(conffiles.contains("/etc/hookline/hookline.yaml"), conffiles);
        Path documented = Sh.packagingDir().resolveSibling("agent")
                .resolve("src/main/resources/dev/hookline/config/hookline-default.yaml");
        assertEquals(Files.readString(documented), Files.readString(Path.of("/etc/hookline/hookline.yaml")));
        // The installed agent reads it without complaint.
        Sh.run(List.of("/usr/bin/hookline", "config", "show", "--config", "/etc/hookline/hookline.yaml"), work,
                Map.of(), 60).ok();
    }

    @Test
    @Order(4)
    void systemdUnitVerifies() {
        Sh.require(Sh.onPath("systemd-analyze"), "systemd-analyze is not installed: unit not verified");
        Sh.Out v = Sh.run(List.of("systemd-analyze", "verify", "/lib/systemd/system/hookline.service"));
        assertEquals(0, v.code(), v.text());
        assertFalse(v.text().contains("hookline.service"), "systemd-analyze complains:\n" + v.text());
    }

    @Test
    @Order(5)
    void installedCommandDetectsTheSeedCases() {
        Path fixture = Sh.packagingDir().resolveSibling("agent").resolve("src/test/resources/fixtures/seed-cases.jsonl");
        // A bare environment: the package's own runtime, no JAVA_HOME, no JDK on the PATH needed.
        Sh.Out d = Sh.run(List.of("env", "-i", "PATH=/usr/bin:/bin", "/usr/bin/hookline", "detect", "--events",
                fixture.toString(), "--now", "2026-11-20T12:00:00Z"), work, Map.of(), 60).ok();
        long alerts = d.text().lines().filter(l -> l.startsWith("{\"AlertId\"")).count();
        // The seed fixtures raise 30 alerts with every built-in pack (20 from the seed pack, 10 from the Hookline pack).
        assertEquals(30, alerts, d.text());
    }

    /**
     * The unit's sandbox, short of systemd (not PID 1 here): the installed agent under exactly the unit's
     * capability bounding set, no-new-privs, and read-only home directories (ProtectHome=read-only) still runs all
     * three Linux collectors and sees a file write.
     */
    @Test
    @Order(6)
    void installedWatchRunsWithOnlyTheUnitsCapabilitiesAndReadOnlyHomes() throws IOException {
        Sh.require(Sh.onPath("setpriv") && Sh.onPath("unshare"), "setpriv/unshare (util-linux) missing");
        String unit = Files.readString(Path.of("/lib/systemd/system/hookline.service"));
        List<String> caps = new ArrayList<>();
        unit.lines().filter(l -> l.startsWith("CapabilityBoundingSet=")).findFirst().ifPresent(l -> {
            for (String c : l.substring(l.indexOf('=') + 1).trim().split("\\s+")) {
                caps.add("+" + c.replaceFirst("^CAP_", "").toLowerCase(java.util.Locale.ROOT));
            }
        });
        assertEquals(7, caps.size(), unit);
        String script = "for d in /root /home; do [ -d $d ] && mount --bind $d $d && mount -o remount,bind,ro $d $d; done; "
                + "exec setpriv --no-new-privs --bounding-set -all," + String.join(",", caps)
                + " /usr/bin/hookline watch -- sh -c 'echo hi > sandboxed.txt'";
        Sh.Out w = Sh.run(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script), work,
                Map.of(), 120);
        assertEquals(0, w.code(), w.text());
        assertTrue(w.text().contains("collectors: linux-audit, linux-fanotify, linux-dns"), w.text());
        assertFalse(w.text().contains("was not running"), w.text());
        assertTrue(w.text().contains(work.toRealPath().resolve("sandboxed.txt") + " (FileCreated"), w.text());
    }

    /**
     * dpkg runs maintainer scripts through /bin/sh: the watch of the install sees dpkg start the postinst. The
     * T1546.016 child arm lists "sh" and "bash" but not "dash": it fires where /bin/sh is bash, not on a stock
     * Debian /bin/sh (docs/packaging.md).
     */
    @Test
    @Order(7)
    void watchedInstallShowsDpkgRunningTheMaintainerScript() throws IOException {
        Sh.require(install.code() == 0, "the install was not watched (agent could not start)");
        String report = Files.readString(work.resolve("install.json"));
        assertTrue(report.contains("/var/lib/dpkg/info/hookline.postinst"), report);
        assertTrue(report.contains("\"parent\" : \"dpkg\""), report);
        String shell = Path.of("/bin/sh").toRealPath().getFileName().toString();
        boolean fires = shell.equals("sh") || shell.equals("bash");
        assertEquals(fires, report.contains("INSTALLER_CHILD_PROCESS"), "/bin/sh is " + shell + ":\n" + report);
    }

    /**
     * `systemctl stop` sends SIGTERM; the JVM runs the agent's shutdown (rules removed, settings restored) and exits
     * 143, which systemd counts as a failure unless the unit lists it as clean: the unit would end "failed" after
     * every stop. The installed agent is stopped that way here and its status must be one the unit calls clean.
     */
    @Test
    @Order(8)
    void aSigtermStopEndsWithAStatusTheUnitCallsClean() throws IOException {
        Path config = work.resolve("stop.yaml");
        Files.writeString(config, "alerts:\n  file:\n    path: " + work.resolve("stop-alerts.jsonl") + "\ncontrol:\n"
                + "  socket: " + work.resolve("stop.sock") + "\nhealth:\n  log_interval_seconds: 0\n");
        String script = "/usr/bin/hookline run --config stop.yaml > stop.log 2>&1 & p=$!; i=0; "
                + "while [ ! -S stop.sock ] && [ $i -lt 900 ] && kill -0 $p 2>/dev/null; do sleep 0.1; i=$((i+1)); done; "
                + "if [ ! -S stop.sock ]; then kill -9 $p 2>/dev/null; cat stop.log; echo 'never started'; exit 90; fi; "
                + "kill -TERM $p; wait $p; echo \"exit=$?\"; cat stop.log";
        Sh.Out out = Sh.run(List.of("sh", "-c", script), work, Map.of(), 180);
        assertEquals(0, out.code(), out.text());
        String unit = Files.readString(Path.of("/lib/systemd/system/hookline.service"));
        List<String> clean = new ArrayList<>(List.of("0"));
        unit.lines().filter(l -> l.startsWith("SuccessExitStatus=")).forEach(l ->
                clean.addAll(List.of(l.substring(l.indexOf('=') + 1).trim().split("\\s+"))));
        String status = out.text().lines().filter(l -> l.startsWith("exit=")).findFirst()
                .map(l -> l.substring(5)).orElseThrow(() -> new AssertionError(out.text()));
        assertTrue(clean.contains(status), "stopped by SIGTERM with status " + status + ", the unit's clean statuses "
                + clean + "\n" + out.text());
        assertTrue(out.text().contains("hookline: stopping"), out.text());
    }

    @Test
    @Order(100)
    void purgeLeavesNothingBehind() {
        Sh.run(List.of("dpkg", "--purge", "hookline"), work, Map.of(), 120).ok();
        for (String p : List.of("/opt/hookline", "/usr/bin/hookline", "/lib/systemd/system/hookline.service",
                "/etc/hookline", "/var/lib/hookline", "/var/cache/hookline", "/usr/share/doc/hookline")) {
            assertFalse(Files.exists(Path.of(p), java.nio.file.LinkOption.NOFOLLOW_LINKS), p + " left after purge");
        }
        assertTrue(Sh.run(List.of("dpkg-query", "-W", "-f=${Status}", "hookline")).text().contains("not-installed")
                || Sh.run(List.of("dpkg-query", "-W", "hookline")).code() != 0);
    }
}
