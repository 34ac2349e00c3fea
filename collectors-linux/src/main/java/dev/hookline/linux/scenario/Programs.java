package dev.hookline.linux.scenario;

import dev.hookline.process.SearchPath;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real program to completion with a bounded wait, output captured; finds programs on PATH. */
public final class Programs {
    private Programs() {
    }

    /** Exit code, stdout and stderr merged, and when the program ended (System.nanoTime()). */
    public record Result(int exit, String output, long finishedNanos) {
    }

    /** Runs the command in {@code dir} with {@code env} added; throws IOException when it outlives the timeout. */
    public static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // Output is small (package manager chatter); read it on another thread so a full pipe cannot stall the child.
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (out) {
                    out.append(s);
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            reader.join(2000);
            synchronized (out) {
                throw new IOException("timed out after " + timeoutSeconds + " s: " + command + "\n" + out);
            }
        }
        long finished = System.nanoTime();
        reader.join(5000);
        synchronized (out) {
            return new Result(p.exitValue(), out.toString(), finished);
        }
    }

    /** Runs the command and throws with its output unless it exits 0. */
    public static Result runOk(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        Result r = run(dir, env, timeoutSeconds, command);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + r.exit() + ":\n" + tail(r.output(), 30));
        }
        return r;
    }

    /** The program's path on PATH, or null. */
    public static Path which(String name) {
        return SearchPath.which(name);
    }

    /** The last {@code n} lines of a program's output (errors are at the end). */
    static String tail(String output, int n) {
        String[] lines = output.strip().split("\n");
        int from = Math.max(0, lines.length - n);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
