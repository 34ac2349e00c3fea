package dev.hookline.macos.es;

import java.util.List;

/**
 * argv to MDE's ProcessCommandLine, the same convention as the Linux collector: arguments joined with single
 * spaces, an argument that is empty or contains a space or tab wrapped in double quotes, nothing else escaped.
 */
public final class CommandLines {
    /** Longest command line kept; longer ones end with "...". */
    public static final int MAX_CHARS = 32 * 1024;

    private CommandLines() {
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
            if (a.isEmpty() || a.indexOf(' ') >= 0 || a.indexOf('\t') >= 0) {
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
}
