package dev.hookline.linux.fanotify;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs /bin/sh -c in a directory. */
final class Shell {
    private Shell() {
    }

    static Process start(Path dir, String script) throws IOException {
        return new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(new File("/dev/null")).start();
    }

    static long run(Path dir, String script) throws IOException, InterruptedException {
        Process p = start(dir, script);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("shell failed: " + script);
        }
        return p.pid();
    }
}
