package dev.hookline.transport.server;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The most recent {@code capacity} AlertIds seen by the collector, surviving restarts: every new id is appended to
 * {@code dedup-ids.log} (one per line, fsync'd by {@link #flush()}), the file is replayed at start (a torn last line
 * is ignored) and compacted to the live window once it holds twice the window. Not thread-safe: the sink owns it.
 *
 * <p>Checkpoints ({@code #@<file key> <size>} lines, see {@link #checkpoint}) say how much of the alert file the
 * ids before them cover: the alert file and this log are two files, so a crash between their writes leaves alerts
 * in the file whose ids are not here, and {@link AlertSink} reads them back from the file past the last checkpoint
 * at start. An id that itself starts with '#' is stored with one more '#' in front.
 *
 * <p>Memory: about 130 bytes per id (a 32-character id in a set and a queue), ~32 MB for the 250k default.
 */
public final class DedupWindow implements Closeable {
    private static final Logger LOG = Logger.getLogger(DedupWindow.class.getName());
    static final String FILE = "dedup-ids.log";

    private final Path file;
    private final int capacity;
    private final Set<String> ids;
    private final ArrayDeque<String> order;
    private FileChannel out;
    private final StringBuilder pending = new StringBuilder();
    private long linesInFile;
    private long checkpointLines;
    private long loaded;
    private Checkpoint checkpoint;
    private final CrashSeam seam;

    /** How far the alert file is covered by the ids before it: the file's identity (inode) and its size. */
    record Checkpoint(String fileKey, long size) {
    }

    /** Called before each write to disk; tests halt there to stand in for a kill at that point. */
    interface CrashSeam {
        CrashSeam NONE = op -> {
        };

        void before(String op) throws IOException;
    }

    public DedupWindow(Path dir, int capacity) throws IOException {
        this(dir, capacity, CrashSeam.NONE);
    }

    DedupWindow(Path dir, int capacity, CrashSeam seam) throws IOException {
        this.seam = seam;
        if (capacity < 1) {
            throw new IllegalArgumentException("dedup window must hold >= 1 id");
        }
        Files.createDirectories(dir);
        this.file = dir.resolve(FILE);
        this.capacity = capacity;
        this.ids = new HashSet<>(Math.min(capacity, 1 << 20) * 2);
        this.order = new ArrayDeque<>(Math.min(capacity, 1 << 20));
        load();
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        // At most 2 × capacity short lines (the file is compacted beyond that): reading it whole is fine.
        byte[] bytes = Files.readAllBytes(file);
        long size = bytes.length;
        int lineStart = 0;
        long goodLen = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (i > lineStart) {
                    String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                    if (line.startsWith("#@")) {
                        checkpoint = parseCheckpoint(line);
                        checkpointLines++;
                    } else {
                        remember(line.startsWith("#") ? line.substring(1) : line);
                        linesInFile++;
                        loaded++;
                    }
                }
                lineStart = i + 1;
                goodLen = lineStart; // a last line without '\n' was torn by a crash and is dropped
            }
        }
        if (goodLen < size) {
            LOG.warning(file + ": dropped a torn last line of " + (size - goodLen) + " bytes");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(goodLen);
            }
        }
    }

    private static Checkpoint parseCheckpoint(String line) {
        int sp = line.lastIndexOf(' ');
        try {
            return new Checkpoint(line.substring(2, Math.max(2, sp)), Long.parseLong(line.substring(sp + 1)));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null; // unreadable: the alert file is then scanned from its start
        }
    }

    /** The last checkpoint read or written; null when there is none (a new or pre-checkpoint log). */
    Checkpoint lastCheckpoint() {
        return checkpoint;
    }

    /**
     * Records (at the next {@link #flush()}) that every id of the alert file up to {@code size} bytes of the file
     * {@code fileKey} is in this log. Call only after the alert file itself was forced.
     */
    void checkpoint(String fileKey, long size) {
        Checkpoint c = new Checkpoint(fileKey, size);
        if (c.equals(checkpoint)) {
            return;
        }
        checkpoint = c;
        pending.append("#@").append(fileKey).append(' ').append(size).append('\n');
        checkpointLines++;
    }

    private static String stored(String id) {
        return id.startsWith("#") ? "#" + id : id;
    }

    private void remember(String id) {
        if (ids.add(id)) {
            order.addLast(id);
            if (order.size() > capacity) {
                ids.remove(order.removeFirst());
            }
        }
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    /** Records an id (in memory now, on disk at the next {@link #flush()}). Ids must not contain a newline. */
    public void add(String id) {
        if (ids.contains(id)) {
            return;
        }
        remember(id);
        pending.append(stored(id)).append('\n');
        linesInFile++;
    }

    /** Where {@link #rollback} goes back to. */
    record Mark(int pendingChars, long linesInFile) {
    }

    public Mark mark() {
        return new Mark(pending.length(), linesInFile);
    }

    /**
     * Forgets the ids added since {@code m} (not yet flushed): their alerts were not stored after all. Ids the window
     * evicted meanwhile to make room stay evicted (the window is briefly smaller, which only weakens dedup).
     */
    public void rollback(Mark m) {
        long added = linesInFile - m.linesInFile();
        for (long i = 0; i < added && !order.isEmpty(); i++) {
            ids.remove(order.removeLast());
        }
        pending.setLength(m.pendingChars());
        linesInFile = m.linesInFile();
    }

    /** Writes and fsyncs the ids added since the last flush; compacts the file when it has grown to 2× the window. */
    public void flush() throws IOException {
        if (pending.length() > 0) {
            ByteBuffer b = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
            seam.before("dedup.write");
            while (b.hasRemaining()) {
                out.write(b);
            }
            pending.setLength(0);
            seam.before("dedup.force");
            out.force(false);
        }
        if (linesInFile + checkpointLines > 2L * capacity) {
            compact();
        }
    }

    private void compact() throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder sb = new StringBuilder(64 * 1024);
            seam.before("dedup.compact.write");
            for (Iterator<String> it = order.iterator(); it.hasNext();) {
                sb.append(stored(it.next())).append('\n');
                if (sb.length() > 60 * 1024) {
                    writeAll(ch, sb);
                }
            }
            if (checkpoint != null) {
                sb.append("#@").append(checkpoint.fileKey()).append(' ').append(checkpoint.size()).append('\n');
            }
            writeAll(ch, sb);
            seam.before("dedup.compact.force");
            ch.force(true);
        }
        seam.before("dedup.compact.move");
        out.close();
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        linesInFile = order.size();
        checkpointLines = checkpoint == null ? 0 : 1;
    }

    private static void writeAll(FileChannel ch, StringBuilder sb) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        sb.setLength(0);
    }

    public int size() {
        return order.size();
    }

    /** Ids reloaded from disk at start. */
    public long loadedAtStart() {
        return loaded;
    }

    /** Test hook standing in for a killed process: the file is closed without writing what is pending. */
    void abandonForCrashTest() throws IOException {
        out.close();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
