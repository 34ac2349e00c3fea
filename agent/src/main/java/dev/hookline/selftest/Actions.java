package dev.hookline.selftest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the self-test does on the host, in order, and when (epoch nanoseconds): run a child process whose command
 * line carries the marker, connect to a loopback port, then create, modify, rename and delete a file in a directory.
 * Done by the selftest process itself when an agent runs beside it; by a child JVM ({@link ActorMain}) in-process,
 * since collectors leave out the agent's own activity.
 */
public record Actions(long actorPid, long childPid, String marker, int port, String dir, String createdName,
                      String renamedName, long processAt, long connectAt, long createAt, long modifyAt, long renameAt,
                      long deleteAt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STEP_PAUSE_MS = 100;

    /**
     * Does everything once. The listener on {@code port} (127.0.0.1) belongs to the caller; {@code dir} exists and
     * is left empty.
     */
    public static Actions perform(String marker, int port, Path dir) throws IOException, InterruptedException {
        long self = ProcessHandle.current().pid();
        long processAt = now();
        Process child = new ProcessBuilder(markerCommand(marker)).redirectErrorStream(true).start();
        child.getInputStream().readAllBytes();
        if (!child.waitFor(10, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IOException("the marker process " + markerCommand(marker) + " did not end in 10 s");
        }
        long childPid = child.pid();
        pause();
        long connectAt = now();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write('x');
        }
        pause();
        String created = createdName(marker);
        String renamed = renamedName(marker);
        Path file = dir.resolve(created);
        long createAt = now();
        Files.writeString(file, "created by hookline selftest\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        // a separate open, write and close: the create's writes are part of FileCreated, this one is FileModified
        pause();
        long modifyAt = now();
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write("modified\n".getBytes(StandardCharsets.UTF_8));
        }
        pause();
        long renameAt = now();
        Path moved = Files.move(file, dir.resolve(renamed));
        pause();
        long deleteAt = now();
        Files.delete(moved);
        return new Actions(self, childPid, marker, port, dir.toString(), created, renamed, processAt, connectAt,
                createAt, modifyAt, renameAt, deleteAt);
    }

    /**
     * What is known before acting, for reading rows while the actions run: every action's time is the start (so
     * the queries reach back far enough), the marker process's pid unknown (-1).
     */
    static Actions plan(long actorPid, String marker, int port, Path dir, long startNanos) {
        long t = startNanos;
        return new Actions(actorPid, -1, marker, port, dir.toString(), createdName(marker), renamedName(marker), t, t,
                t, t, t, t);
    }

    static String createdName(String marker) {
        return "hookline-selftest-" + suffix(marker) + ".txt";
    }

    static String renamedName(String marker) {
        return "hookline-selftest-" + suffix(marker) + "-renamed.txt";
    }

    /** A command that starts and ends at once, the marker in its command line, on any OS. */
    static List<String> markerCommand(String marker) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return List.of("cmd.exe", "/d", "/c", "rem", marker);
        }
        // sh's $0 is the marker: it is in argv, so in the command line every collector reports
        return List.of("/bin/sh", "-c", "exit 0", marker);
    }

    private static String suffix(String marker) {
        int dash = marker.lastIndexOf('-');
        return dash < 0 ? marker : marker.substring(dash + 1);
    }

    static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** Distinct steps a little apart, so a collector that coalesces nearby writes still sees each. */
    private static void pause() throws InterruptedException {
        Thread.sleep(STEP_PAUSE_MS);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Actions fromJson(String line) throws IOException {
        return JSON.readValue(line, Actions.class);
    }
}
