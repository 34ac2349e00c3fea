package dev.hookline.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command with a deadline and captures its output (stdout and stderr merged). */
final class Sh {
    record Out(int code, String text) {
        Out ok() {
            if (code != 0) {
                throw new AssertionError("exit " + code + ":\n" + text);
            }
            return this;
        }
    }

    private Sh() {
    }

    static Out run(List<String> cmd) {
        return run(cmd, null, Map.of(), 120);
    }

    static Out run(List<String> cmd, Path dir, Map<String, String> env, long timeoutSeconds) {
        try {
            File log = File.createTempFile("hookline-sh-", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                if (dir != null) {
                    pb.directory(dir.toFile());
                }
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd + "\n"
                            + Files.readString(log.toPath(), StandardCharsets.UTF_8));
                }
                return new Out(p.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log.toPath());
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    static boolean root() {
        return "0".equals(run(List.of("id", "-u")).text().trim());
    }

    /** The packaging module's directory (set by Maven; falls back to the working directory). */
    static Path packagingDir() {
        return Path.of(System.getProperty("hookline.packaging.dir", System.getProperty("user.dir")));
    }

    /** Skips the calling test with a printed reason (surefire shows skipped tests only as a count). */
    static void require(boolean condition, String reason) {
        if (!condition) {
            System.err.println("SKIPPED: " + reason);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(condition, reason);
    }
}
