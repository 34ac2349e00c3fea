package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.linux.scenario.Programs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline run} as user nobody (no capabilities): it must stop at once with a non-zero exit and say what is
 * missing (root, CAP_AUDIT_CONTROL...) and what still works, never run on seeing nothing.
 */
class RunWithoutRootRefusesClearlyTest {
    private static final String NOBODY = "65534";

    /**
     * The test class path as nobody can read it: ~/.m2 is under /root (mode 0700), so every entry is copied to a
     * world-readable dir (jars by name, class dirs whole).
     */
    private static String readableClassPath(Path into) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = into.resolve((n++) + "-" + src.getFileName());
            if (Files.isDirectory(src)) {
                try (Stream<Path> s = Files.walk(src)) {
                    for (Path p : s.toList()) {
                        Path t = dst.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            }
            out.add(dst.toString());
        }
        return String.join(File.pathSeparator, out);
    }

    private static void openToAll(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx"
                        : "rw-r--r--"));
            }
        }
    }

    /** Runs {@code hookline run} as nobody with the given extra setpriv options; returns its exit and output. */
    private static Programs.Result runAsNobody(Path tmp, List<String> privOptions) throws Exception {
        return runAsNobody(tmp, privOptions, true);
    }

    /** With {@code ownConfig} false, the embedded defaults: alert file and socket under root's directories. */
    private static Programs.Result runAsNobody(Path tmp, List<String> privOptions, boolean ownConfig) throws Exception {
        Facilities.assumeAgentCanRun(); // root, to drop to nobody (and proof the refusal is about privilege)
        Path setpriv = Facilities.assumeProgram("setpriv");
        String java = ProcessHandle.current().info().command().orElse(null);
        Facilities.skipIf(java == null, "the path of this JVM is unknown");
        // Surefire sets java.class.path to the real test class path: the agent's classes (mvn test) or its jar
        // (mvn verify, where the reactor has packaged it), and the dependency jars.
        String surefireCp = System.getProperty("java.class.path");
        assertTrue(surefireCp.contains("agent/target/classes") || surefireCp.contains("agent/target/hookline-agent-"),
                "not the reactor's class path: " + System.getProperty("java.class.path"));

        Path cp = Files.createDirectories(tmp.resolve("cp"));
        String classPath = readableClassPath(cp);
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path config = tmp.resolve("hookline.yaml");
        Files.writeString(config, "alerts:\n  file:\n    path: " + state.resolve("alerts.jsonl") + "\n"
                + "control:\n  socket: " + state.resolve("ctl/control.sock") + "\nhealth:\n  log_interval_seconds: 0\n");
        openToAll(tmp);

        List<String> cmd = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        cmd.addAll(privOptions);
        cmd.addAll(List.of(java, "-cp", classPath, "dev.hookline.cli.Main", "run"));
        if (ownConfig) {
            cmd.addAll(List.of("--config", config.toString()));
        }
        long t0 = System.nanoTime();
        Programs.Result r = Programs.run(tmp, Map.of("HOME", "/nonexistent"), 20, cmd);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("hookline run as nobody " + privOptions + " (exit " + r.exit() + ", " + millis + " ms):\n"
                + r.output());
        assertNotEquals(0, r.exit(), r.output());
        assertFalse(r.output().contains("Exception") || r.output().contains("internal error"),
                "not a clean message: " + r.output());
        assertTrue(r.output().contains("What still works") && r.output().contains("hookline detect"), r.output());
        return r;
    }

    @Test
    void runAsNobodyExitsAtOnceNamingWhatIsMissingAndWhatStillWorks(@TempDir Path tmp) throws Exception {
        String out = runAsNobody(tmp, List.of()).output();
        assertTrue(out.contains("no event collector could start"), out);
        assertTrue(out.contains("linux-audit") && out.contains("CAP_AUDIT_CONTROL") && out.contains("root"), out);
        assertTrue(out.contains("linux-fanotify: fanotify needs root (CAP_SYS_ADMIN)"), out);
        assertTrue(out.contains("linux-dns:") && out.contains("CAP_NET_RAW"), out);
    }

    @Test
    void runAsNobodyOnTheEmbeddedDefaultsSaysItNeedsRoot(@TempDir Path tmp) throws Exception {
        // `./hookline run` without sudo: the first thing refused is the alert file under /var/lib/hookline, and the
        // message must send the user to root, not to a writable alert path that would only fail again later.
        String out = runAsNobody(tmp, List.of(), false).output();
        Facilities.skipIf(!out.contains("config: embedded defaults"),
                "/etc/hookline/hookline.yaml exists here, so `run` does not use the embedded defaults");
        assertTrue(out.contains("permission denied") && out.contains("needs root (sudo)"), out);
        assertFalse(out.contains("set alerts.file.path"), out);
    }

    @Test
    void withOnlyTheDnsSnifferPossibleTheAgentStillRefuses(@TempDir Path tmp) throws Exception {
        // CAP_NET_RAW alone (container runtimes grant it by default) starts the DNS sniffer, which only names
        // addresses for network rows: no event would ever arrive, so the agent must not run.
        String out = runAsNobody(tmp, List.of("--inh-caps=+net_raw", "--ambient-caps=+net_raw")).output();
        assertTrue(out.contains("CAP_AUDIT_CONTROL") && out.contains("CAP_SYS_ADMIN"), out);
        assertFalse(out.contains("linux-dns: cannot open AF_PACKET"), "the sniffer should have started: " + out);
        assertTrue(out.contains("linux-dns"), out);
    }
}
