package dev.hookline.linux.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real program to completion with a bounded wait, output captured. */
final class Programs {
    private Programs() {
    }

    record Result(int exit, String output, long finishedNanos) {
    }

    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // Output is small (package manager chatter); read it on another thread so a full pipe cannot stall the child.
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            reader.join(2000);
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n" + out);
        }
        long finished = System.nanoTime();
        reader.join(5000);
        return new Result(p.exitValue(), out.toString(), finished);
    }
}
