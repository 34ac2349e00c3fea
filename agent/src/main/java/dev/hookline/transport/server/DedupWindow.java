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
    private long loaded;

    public DedupWindow(Path dir, int capacity) throws IOException {
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
                    remember(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                    linesInFile++;
                    loaded++;
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
        pending.append(id).append('\n');
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
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(false);
            pending.setLength(0);
        }
        if (linesInFile > 2L * capacity) {
            compact();
        }
    }

    private void compact() throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder sb = new StringBuilder(64 * 1024);
            for (Iterator<String> it = order.iterator(); it.hasNext();) {
                sb.append(it.next()).append('\n');
                if (sb.length() > 60 * 1024 || !it.hasNext()) {
                    ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    sb.setLength(0);
                }
            }
            ch.force(true);
        }
        out.close();
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        linesInFile = order.size();
    }

    public int size() {
        return order.size();
    }

    /** Ids reloaded from disk at start. */
    public long loadedAtStart() {
        return loaded;
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
