package dev.hookline.linux.fanotify;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Paths whose rows the file collector has not published yet (a write burst still open, or a row held for its
 * initiator), counted per path. The reader thread keeps it; the audit thread asks it, without the collector's lock,
 * whether an exec's image has such a row, so an exec takes that lock only for a file written moments ago.
 */
final class PendingPaths {
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    void add(String path) {
        if (path == null) {
            return;
        }
        counts.merge(path, 1, Integer::sum);
    }

    void remove(String path) {
        if (path == null) {
            return;
        }
        counts.computeIfPresent(path, (k, n) -> n == 1 ? null : n - 1);
    }

    boolean contains(String path) {
        return path != null && counts.containsKey(path);
    }

    int size() {
        return counts.size();
    }
}
