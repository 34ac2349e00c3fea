package dev.hookline.linux.fanotify;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Files the agent itself writes (its alert and event files). At the agent's first write to one, the kernel is told
 * to drop every MODIFY event of its inode (an ignore mark that survives modification), instead of waking the reader
 * for each of the agent's own writes only to discard it (~150 µs of CPU per alert written on the bench VM). Other
 * processes' writes to such a file are then reported at their close-for-write. Agent files under tamper protection
 * keep their MODIFY events. At most {@link #MAX} files; a failed mark is counted and the file is watched as before.
 * A file the agent creates again (its alert file after rotation) is a new inode and is marked at its first write.
 * Reader thread only.
 */
final class OwnFiles {
    static final int MAX = 1024;

    /** The kernel side: the ignore mark; false when it failed. */
    interface IgnoreMark {
        boolean ignoreModify(String path);
    }

    private final Set<String> files = new HashSet<>();
    private final IgnoreMark marks;
    /** Paths that keep their MODIFY events (tamper-protected), or none. */
    private final Predicate<String> keepWatching;
    private final FanotifyCounters counters;

    OwnFiles(IgnoreMark marks, Predicate<String> keepWatching, FanotifyCounters counters) {
        this.marks = marks;
        this.keepWatching = keepWatching;
        this.counters = counters;
    }

    /** Whether another file may still be marked (checked before the path is resolved). */
    boolean hasRoom() {
        return files.size() < MAX;
    }

    /** The agent created {@code path}: a new inode, to be marked at its first write. */
    void created(String path) {
        files.remove(path);
    }

    /** The agent wrote {@code path}: mark it once (per file, and inode at that path). */
    void written(String path) {
        if (path.isEmpty() || path.charAt(0) != '/' || files.contains(path) || keepWatching.test(path)) {
            return;
        }
        files.add(path);
        if (marks.ignoreModify(path)) {
            counters.ownFilesIgnored.incrementAndGet();
        } else {
            counters.ownIgnoreFailures.incrementAndGet();
        }
    }

    /** True for a file whose MODIFY events the kernel drops: its close-for-write stands for another's write. */
    boolean contains(String path) {
        return files.contains(path);
    }
}
