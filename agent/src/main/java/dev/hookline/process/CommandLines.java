package dev.hookline.process;

import java.util.List;

/**
 * argv to MDE's ProcessCommandLine, one convention for every collector: arguments joined with single spaces, an
 * argument that contains a space or tab (or is empty) wrapped in double quotes, as Defender shows it. Nothing else
 * is escaped: a command line is for matching, not for re-parsing.
 */
public final class CommandLines {
    /** Longest command line kept (MDE truncates too); longer ones end with "...". */
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
