package dev.hookline.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Live feedback while a watched command runs: follows the agent's alert file and prints one short line per new
 * alert as it happens. Only complete lines are read; the rest waits for the next poll.
 */
final class AlertTail implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CMD = 100;
    private final Path file;
    private final PrintStream out;
    private final Thread thread;
    private long offset;
    private volatile boolean stop;

    AlertTail(Path file, PrintStream out, long pollMillis) {
        this.file = file;
        this.out = out;
        this.thread = new Thread(() -> {
            while (!stop) {
                poll();
                try {
                    Thread.sleep(pollMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "hookline-watch-tail");
        thread.setDaemon(true);
    }

    AlertTail start() {
        thread.start();
        return this;
    }

    /** Prints the alerts appended since the last poll; returns how many. */
    synchronized int poll() {
        if (!Files.exists(file)) {
            return 0;
        }
        int n = 0;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() <= offset) {
                return 0;
            }
            byte[] buf = new byte[(int) Math.min(f.length() - offset, 4 << 20)];
            f.seek(offset);
            f.readFully(buf);
            int start = 0;
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    String line = new String(buf, start, i - start, StandardCharsets.UTF_8);
                    String shown = describe(line);
                    if (shown != null) {
                        out.println(shown);
                        n++;
                    }
                    start = i + 1;
                }
            }
            offset += start;
        } catch (IOException e) {
            // the file is being rotated or removed: the final summary still has every alert
        }
        return n;
    }

    /** One line for an alert ("hookline: alert high hookline.seed.t1195-001/Arm: dash sh -c ..."), null for others. */
    static String describe(String json) {
        JsonNode a;
        try {
            a = JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
        if (a == null || !a.has("RuleId")) {
            return null;
        }
        JsonNode ev = a.path("Event");
        String cmd = ev.path("ProcessCommandLine").asText(ev.path("InitiatingProcessCommandLine").asText(""));
        if (cmd.isEmpty()) {
            cmd = ev.path("FolderPath").asText(ev.path("RemoteIP").asText(""));
        }
        if (cmd.length() > MAX_CMD) {
            cmd = cmd.substring(0, MAX_CMD - 3) + "...";
        }
        return "hookline: alert " + a.path("Severity").asText() + " " + a.path("RuleId").asText() + "/"
                + a.path("Arm").asText() + ": " + ev.path("FileName").asText(ev.path("InitiatingProcessFileName")
                .asText("")) + " " + cmd;
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        poll();
    }
}
