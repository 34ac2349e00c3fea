package dev.hookline.linux.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * argv to MDE's ProcessCommandLine: arguments joined with single spaces, an argument that contains a space or tab
 * (or is empty) wrapped in double quotes, as Defender shows it. Nothing else is escaped: a command line is for
 * matching, not for re-parsing.
 */
public final class CommandLine {
    /** Longest command line kept (MDE truncates too); longer ones end with "..." and are flagged by callers. */
    public static final int MAX_CHARS = 32 * 1024;

    private CommandLine() {
    }

    public static String join(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (a == null) {
                continue;
            }
            boolean quote = a.isEmpty() || a.indexOf(' ') >= 0 || a.indexOf('\t') >= 0;
            if (quote) {
                sb.append('"').append(a).append('"');
            } else {
                sb.append(a);
            }
            if (sb.length() > MAX_CHARS) {
                sb.setLength(MAX_CHARS);
                sb.append("...");
                break;
            }
        }
        return sb.toString();
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
