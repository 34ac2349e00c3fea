package dev.hookline.linux.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import dev.hookline.process.CommandLines;
import java.util.List;

/** /proc and PROCTITLE argv buffers; joining follows {@link CommandLines} (shared by every collector). */
public final class CommandLine {
    public static final int MAX_CHARS = CommandLines.MAX_CHARS;

    private CommandLine() {
    }

    public static String join(List<String> argv) {
        return CommandLines.join(argv);
    }

    /**
     * Splits /proc/PID/cmdline (or a PROCTITLE value): NUL-separated arguments with a trailing NUL. A process that
     * rewrote its argv area may leave no NULs; then the whole buffer is one argument.
     */
    public static List<String> splitNul(byte[] raw, int len) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (raw[i] == 0) {
                out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < len) {
            out.add(new String(raw, start, len - start, StandardCharsets.UTF_8));
        }
        return out;
    }
}
