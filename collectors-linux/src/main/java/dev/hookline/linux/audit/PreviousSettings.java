package dev.hookline.linux.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's audit settings from before Hookline changed them, on disk: {@code enabled=0 failure=1
 * backlog_limit=64 backlog_wait_time=60000}. Saved (temp file, fsync, rename, directory fsync: never a half
 * file) at the first change, reused by a start that finds it (the previous run was killed before restoring), and
 * deleted after a clean restore.
 */
final class PreviousSettings {
    private final Path path;

    PreviousSettings(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /** The saved settings, or null when there is no file. A file that does not parse is an IOException. */
    AuditStatus load() throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        }
        Map<String, Integer> v = new HashMap<>();
        for (String f : text.trim().split("\\s+")) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new IOException(path + ": not a saved audit status (" + f + ")");
            }
            try {
                v.put(f.substring(0, eq), Integer.parseInt(f.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new IOException(path + ": not a saved audit status (" + f + ")");
            }
        }
        for (String k : new String[] {"enabled", "failure", "backlog_limit", "backlog_wait_time"}) {
            if (!v.containsKey(k)) {
                throw new IOException(path + ": not a saved audit status (no " + k + ")");
            }
        }
        return new AuditStatus(0, v.get("enabled"), v.get("failure"), 0, 0, v.get("backlog_limit"), 0, 0, 0,
                v.get("backlog_wait_time"), 0);
    }

    /** Writes the settings Hookline restores, atomically and durably. */
    void save(AuditStatus s) throws IOException {
        Path dir = path.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        String text = "enabled=" + s.enabled() + " failure=" + s.failure() + " backlog_limit=" + s.backlogLimit()
                + " backlog_wait_time=" + s.backlogWaitTime() + "\n";
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(dir);
    }

    /** Deletes the file (durably): the kernel has its own settings back. */
    void delete() throws IOException {
        Files.deleteIfExists(path);
        syncDirectory(path.getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort: not every file system lets a directory be opened
        }
    }
}
