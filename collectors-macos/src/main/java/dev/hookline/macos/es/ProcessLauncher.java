package dev.hookline.macos.es;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the eslogger child; tests replace it with one that feeds prepared lines. */
public interface ProcessLauncher {
    Launched launch(List<String> command) throws IOException;

    /** A running child: its stdout lines, its stderr bytes, its end. */
    interface Launched {
        BufferedReader stdout();

        InputStream stderr();

        /** Waits for the exit and returns the exit code (or -1 when the wait was interrupted). */
        int waitFor();

        boolean alive();

        /** Stops the child (SIGTERM, then SIGKILL after a grace period). */
        void destroy();
    }

    /** The real thing: {@link ProcessBuilder}, stdin closed. */
    ProcessLauncher SYSTEM = command -> {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new Launched() {
            private final BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8), 1 << 16);

            @Override
            public BufferedReader stdout() {
                return out;
            }

            @Override
            public InputStream stderr() {
                return p.getErrorStream();
            }

            @Override
            public int waitFor() {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }

            @Override
            public boolean alive() {
                return p.isAlive();
            }

            @Override
            public void destroy() {
                p.destroy();
                try {
                    if (!p.waitFor(2, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        };
    };
}
