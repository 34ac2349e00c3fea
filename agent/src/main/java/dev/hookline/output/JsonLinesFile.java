package dev.hookline.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An append-only JSON-lines file with size-based rotation ({@code alerts.jsonl} → {@code alerts.jsonl.1} … up to
 * {@code keep} old files) and no partial lines: each line plus its newline goes to the kernel in one write, and on
 * open a trailing line without its newline (a power cut mid-write) is truncated away and counted.
 * Thread-safe. Used for the alert file and for the optional raw event files.
 */
public final class JsonLinesFile implements AlertOutput, LineBlockFile {
    private static final Logger LOG = Logger.getLogger(JsonLinesFile.class.getName());

    private final Path path;
    private final long rotateBytes;
    private final int keep;
    private final FsyncPolicy fsync;
    private final String name;
    private final ScheduledThreadPoolExecutor syncTimer;
    private final Opener opener;

    private FileChannel channel;
    private long size;
    /** Writes so far, and how many of them a completed fsync covers: the file is dirty while they differ. */
    private long writes;
    private long syncedWrites;
    private ByteBuffer buffer = ByteBuffer.allocate(4096);
    private boolean closed;
    /** A one-shot sync is pending on the timer (INTERVAL mode). */
    private boolean syncArmed;
    private long timerRuns;

    private long linesWritten;
    private long bytesWritten;
    private long rotations;
    private long rejectedLines;
    private long writeErrors;
    private long fsyncs;
    private long truncatedBytes;
    private long truncatedFiles;

    /**
     * Opens (creating the directory and file if needed) and recovers a trailing partial line.
     *
     * @param rotateBytes rotate before a line would take the file past this size (≥ 1)
     * @param keep        number of rotated files kept ({@code path.1} newest … {@code path.keep}); 0 keeps none
     */
    public JsonLinesFile(String name, Path path, long rotateBytes, int keep, FsyncPolicy fsync) throws IOException {
        this(name, path, rotateBytes, keep, fsync, p -> FileChannel.open(p, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Opens the file for appending (tests wrap the channel). */
    interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    JsonLinesFile(String name, Path path, long rotateBytes, int keep, FsyncPolicy fsync, Opener opener)
            throws IOException {
        this.opener = opener;
        if (rotateBytes < 1 || keep < 0) {
            throw new IllegalArgumentException("rotateBytes must be >= 1 and keep >= 0");
        }
        this.name = name;
        this.path = path.toAbsolutePath();
        this.rotateBytes = rotateBytes;
        this.keep = keep;
        this.fsync = fsync == null ? FsyncPolicy.defaultPolicy() : fsync;
        Path dir = this.path.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        open();
        if (this.fsync.mode() == FsyncPolicy.Mode.INTERVAL) {
            syncTimer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "hookline-fsync-" + this.path.getFileName());
                t.setDaemon(true);
                return t;
            });
            // close() forces what is left itself: a pending sync is dropped, a running one is not interrupted (an
            // interrupt would close the channel under it).
            syncTimer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            // Armed by the first write after a sync (see wrote), not periodic: an idle agent's timer never wakes.
        } else {
            syncTimer = null;
        }
    }

    private void open() throws IOException {
        truncatePartialLine();
        channel = opener.open(path);
        size = channel.size();
    }

    /** Cuts the file back to its last newline, so the next line starts at a line boundary. */
    private void truncatePartialLine() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long len = ch.size();
            if (len == 0) {
                return;
            }
            long keepLen = lastNewlineEnd(ch, len);
            if (keepLen < len) {
                ch.truncate(keepLen);
                ch.force(true);
                truncatedBytes += len - keepLen;
                truncatedFiles++;
                LOG.warning(path + ": removed a partial last line of " + (len - keepLen)
                        + " bytes (the agent stopped mid-write)");
            }
        }
    }

    /** The offset just after the last '\n' (0 if none), read backwards in blocks. */
    private static long lastNewlineEnd(FileChannel ch, long len) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(8192);
        long end = len;
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            while (block.hasRemaining()) {
                if (ch.read(block, start + block.position()) < 0) {
                    break;
                }
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    @Override
    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    @Override
    public void write(String jsonLine) throws IOException {
        write(jsonLine.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends one line (the newline is added here). A line holding a newline would break the one-line-per-record
     * format: it is refused and counted ({@code rejected_lines}), not written.
     */
    public synchronized void write(byte[] line) throws IOException {
        if (closed) {
            throw new IOException(path + " is closed");
        }
        // A single trailing newline is tolerated (not doubled); one inside the line is refused.
        int body = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        for (int i = 0; i < body; i++) {
            if (line[i] == '\n') {
                rejectedLines++;
                LOG.warning(path + ": refused a line with an embedded newline");
                return;
            }
        }
        int len = body + 1;
        try {
            if (size > 0 && size + len > rotateBytes) {
                rotate();
            }
            if (buffer.capacity() < len) {
                buffer = ByteBuffer.allocate(Math.max(len, buffer.capacity() * 2));
            }
            buffer.clear();
            buffer.put(line, 0, body).put((byte) '\n').flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer); // one write(2) for the whole line; loops only on a short write
            }
        } catch (IOException e) {
            failedWrite();
            throw e;
        }
        wrote(len, 1);
    }

    /**
     * Appends complete lines at once: {@code len} bytes of {@code lines} lines, each ending in '\n' and holding no
     * other newline (the caller's promise: the collector splits what it writes on newlines). One write(2) per MiB
     * instead of one per line. The file rotates before the block, never inside it (a block larger than the rotation
     * size makes one file larger than it).
     */
    @Override
    public synchronized void writeLines(byte[] buf, int off, int len, int lines) throws IOException {
        if (closed) {
            throw new IOException(path + " is closed");
        }
        if (len == 0) {
            return;
        }
        if (buf[off + len - 1] != '\n') {
            throw new IllegalArgumentException("a block of lines must end with a newline");
        }
        try {
            if (size > 0 && size + len > rotateBytes) {
                rotate();
            }
            for (int pos = off; pos < off + len;) {
                // Slices of at most 1 MiB: the JDK copies a heap buffer into a cached direct one of the same size.
                ByteBuffer b = ByteBuffer.wrap(buf, pos, Math.min(1 << 20, off + len - pos));
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                pos = b.position();
            }
        } catch (IOException e) {
            failedWrite();
            throw e;
        }
        wrote(len, lines);
    }

    /** A failed write may have left part of a line: cut the file back to the last complete one (best effort). */
    private void failedWrite() {
        writeErrors++;
        try {
            if (channel.isOpen() && channel.size() > size) {
                channel.truncate(size);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, path + ": cannot cut a partial write back: " + e.getMessage());
        }
    }

    private void wrote(int len, int lines) throws IOException {
        size += len;
        linesWritten += lines;
        bytesWritten += len;
        writes++;
        if (fsync.mode() == FsyncPolicy.Mode.EVERY_LINE) {
            force();
        }
        // Interval: the timer forces this write within one interval. The writer never does: it is the thread that
        // reads the kernel's records, and every event behind it would wait out the disk flush (1-10 ms) too.
        if (syncTimer != null && !syncArmed) {
            syncArmed = true;
            syncTimer.schedule(this::syncIfDue, fsync.intervalMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean dirty() {
        return writes != syncedWrites;
    }

    /** Forces the file on the calling thread, holding the lock (every-line policy, flush, rotation, close). */
    private void force() throws IOException {
        channel.force(false);
        fsyncs++;
        syncedWrites = writes;
    }

    /**
     * The interval timer: forces the file outside the lock, so writes go on meanwhile; those it may miss stay
     * unsynced and have armed the next run. A rotation or close during the fsync forces the file itself before
     * closing it (it is still dirty to them), and this run's error on the closed channel is ignored.
     */
    private void syncIfDue() {
        FileChannel ch;
        long covered;
        synchronized (this) {
            syncArmed = false;
            timerRuns++;
            if (closed || !dirty()) {
                return;
            }
            ch = channel;
            covered = writes;
        }
        try {
            ch.force(false);
            synchronized (this) {
                fsyncs++;
                if (ch == channel) {
                    syncedWrites = Math.max(syncedWrites, covered);
                }
            }
        } catch (ClosedChannelException e) {
            // rotated or closed meanwhile: forced there
        } catch (IOException e) {
            synchronized (this) {
                writeErrors++;
            }
            LOG.log(Level.WARNING, path + ": fsync failed: " + e.getMessage());
        }
    }

    /** path → path.1 → … → path.keep, the oldest deleted; then a fresh empty path. */
    private void rotate() throws IOException {
        if (dirty() && fsync.mode() != FsyncPolicy.Mode.NEVER) {
            force();
        }
        channel.close();
        if (keep == 0) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(rotated(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        channel = opener.open(path);
        size = channel.size();
        syncedWrites = writes;
        rotations++;
        syncDirectory();
    }

    /** Makes the renames durable; best effort (not every file system lets a directory be opened). */
    private void syncDirectory() {
        Path dir = path.getParent();
        if (dir == null || fsync.mode() == FsyncPolicy.Mode.NEVER) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /** The n-th rotated file: {@code alerts.jsonl.n}. */
    public Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!closed && dirty() && fsync.mode() != FsyncPolicy.Mode.NEVER) {
            force();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        if (syncTimer != null) {
            syncTimer.shutdown();
        }
        try {
            if (dirty() && fsync.mode() != FsyncPolicy.Mode.NEVER) {
                force();
            }
        } finally {
            closed = true;
            channel.close();
        }
    }

    /** How often the interval timer has run (it runs only after writes; tests). */
    synchronized long timerRuns() {
        return timerRuns;
    }

    /** Bytes of partial lines removed when the file was opened (a crash mid-write); 0 normally. */
    public synchronized long truncatedBytesOnOpen() {
        return truncatedBytes;
    }

    @Override
    public synchronized Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("lines_written", linesWritten);
        m.put("bytes_written", bytesWritten);
        m.put("rotations", rotations);
        m.put("rejected_lines", rejectedLines);
        m.put("write_errors", writeErrors);
        m.put("fsyncs", fsyncs);
        m.put("partial_lines_truncated", truncatedFiles);
        m.put("partial_bytes_truncated", truncatedBytes);
        return m;
    }
}
