package dev.hookline.linux.fanotify;

import java.util.List;

/** Path-prefix matching on whole components: "/proc" covers "/proc" and "/proc/1" but not "/processes". */
final class PathPrefixes {
    private PathPrefixes() {
    }

    static boolean matches(List<String> prefixes, String path) {
        for (int i = 0; i < prefixes.size(); i++) {
            String p = prefixes.get(i);
            if (path.startsWith(p) && (path.length() == p.length() || path.charAt(p.length()) == '/' || p.endsWith("/"))) {
                return true;
            }
        }
        return false;
    }
}
