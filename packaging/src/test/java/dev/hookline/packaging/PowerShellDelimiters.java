package dev.hookline.packaging;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The lint PowerShell gets here: no PowerShell parser installs on Debian (pwsh is not a Debian package), so this
 * checks what a parser would reject first: (), {}, [] balanced outside strings and comments, every string closed.
 * It knows '...' (no escapes, '' inside), "..." (backtick escapes), here-strings @'...'@ / @"..."@, # and <# #>.
 */
final class PowerShellDelimiters {
    private PowerShellDelimiters() {
    }

    /** Null when balanced, else the first problem with its line. */
    static String check(String src) {
        Deque<int[]> open = new ArrayDeque<>(); // {char, line}
        int line = 1;
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (src.startsWith("<#", i)) {
                int end = src.indexOf("#>", i + 2);
                if (end < 0) {
                    return "line " + line + ": block comment not closed";
                }
                line += count(src, i, end);
                i = end + 2;
            } else if (c == '#') {
                int end = src.indexOf('\n', i);
                i = end < 0 ? src.length() : end;
            } else if (src.startsWith("@'\n", i) || src.startsWith("@\"\n", i)) {
                String close = "\n" + src.charAt(i + 1) + "@";
                int end = src.indexOf(close, i + 2);
                if (end < 0) {
                    return "line " + line + ": here-string not closed";
                }
                line += count(src, i, end);
                i = end + close.length();
            } else if (c == '\'' || c == '"') {
                int start = line;
                int j = i + 1;
                while (true) {
                    if (j >= src.length()) {
                        return "line " + start + ": string not closed";
                    }
                    char d = src.charAt(j);
                    if (d == '\n') {
                        line++;
                    }
                    if (c == '"' && d == '`') {
                        j += 2;
                        continue;
                    }
                    if (d == c) {
                        if (j + 1 < src.length() && src.charAt(j + 1) == c) {
                            j += 2; // '' or "" inside the string
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                i = j + 1;
            } else if (c == '`') {
                i += 2; // an escaped character outside a string (line continuation included)
                if (i - 1 < src.length() && src.charAt(i - 1) == '\n') {
                    line++;
                }
            } else if (c == '(' || c == '{' || c == '[') {
                open.push(new int[] {c, line});
                i++;
            } else if (c == ')' || c == '}' || c == ']') {
                char want = c == ')' ? '(' : c == '}' ? '{' : '[';
                if (open.isEmpty()) {
                    return "line " + line + ": '" + c + "' closes nothing";
                }
                int[] top = open.pop();
                if (top[0] != want) {
                    return "line " + line + ": '" + c + "' closes '" + (char) top[0] + "' opened on line " + top[1];
                }
                i++;
            } else {
                i++;
            }
        }
        if (!open.isEmpty()) {
            int[] top = open.pop();
            return "line " + top[1] + ": '" + (char) top[0] + "' never closed";
        }
        return null;
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                n++;
            }
        }
        return n;
    }
}
