package dev.hookline.linux.fanotify;

import java.util.ArrayList;
import java.util.List;

/** One line of /proc/self/mountinfo: the fields the mount policy needs. */
record Mount(int mountId, String device, String root, String mountPoint, String fsType, boolean readOnly) {

    /** Parses mountinfo text; malformed lines are skipped (the kernel writes it, but be safe). */
    static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (dash < 0 || dash + 1 >= f.length) {
                continue;
            }
            try {
                boolean ro = ("," + f[5] + ",").contains(",ro,");
                out.add(new Mount(Integer.parseInt(f[0]), f[2], unescape(f[3]), unescape(f[4]), f[dash + 1], ro));
            } catch (NumberFormatException e) {
                // skip
            }
        }
        return out;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOct(s, i + 1) && isOct(s, i + 2) && isOct(s, i + 3)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOct(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
