package dev.hookline.macos.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the KERN_PROCARGS2 sysctl buffer: a little-endian int argc, the executable path NUL-terminated, NUL
 * padding, then argc NUL-terminated arguments (then the environment, which is never read: it holds secrets).
 * Returns what could be read when the buffer ends early; never throws.
 */
public final class ProcArgs2 {
    private ProcArgs2() {
    }

    public record Args(String execPath, List<String> argv, boolean complete) {
    }

    public static Args parse(byte[] b, int len) {
        if (b == null || len < 4 || b.length < len) {
            return new Args(null, List.of(), false);
        }
        int argc = (b[0] & 0xff) | ((b[1] & 0xff) << 8) | ((b[2] & 0xff) << 16) | ((b[3] & 0xff) << 24);
        int i = 4;
        int start = i;
        while (i < len && b[i] != 0) {
            i++;
        }
        String exec = i > start ? new String(b, start, i - start, StandardCharsets.UTF_8) : null;
        while (i < len && b[i] == 0) {
            i++;
        }
        List<String> argv = new ArrayList<>(Math.max(0, Math.min(argc, 256)));
        while (argv.size() < argc && argc > 0 && i < len) {
            start = i;
            while (i < len && b[i] != 0) {
                i++;
            }
            argv.add(new String(b, start, i - start, StandardCharsets.UTF_8));
            i++;
        }
        return new Args(exec, argv, argc >= 0 && argv.size() == argc);
    }
}
