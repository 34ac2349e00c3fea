package dev.hookline.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The agent's heartbeat file ({@code heartbeat} beside the alert file): proof of when the agent last ran, so that
 * a restart after a kill -9, an OOM kill or a power cut can say how long nothing was watched.
 *
 * <p>Format: one fixed-size line of {@value #SIZE} bytes, {@code running <epoch nanos> <pid>} or {@code clean
 * <epoch nanos> <pid>}, space-padded. Each beat rewrites it in place (one pwrite at offset 0, no fsync): the size
 * never changes, so a reader never sees a half-length file, and the cost is one syscall a second with no metadata
 * change beyond mtime. The file's mtime alone would not do: the clean/unclean state must survive too, and
 * touching mtime is a syscall as well. Without fsync a kill -9 loses nothing (the page cache outlives the
 * process); a power cut may leave an older beat, which only makes the reported window longer, never hides it.
 * A clean stop writes {@code clean} and forces it to disk.
 */
final class Heartbeat implements AutoCloseable {
    static final int SIZE = 64;
    static final String FILE = "heartbeat";

    /** What the previous run left: its last beat (epoch nanos), whether it stopped cleanly and its pid. */
    record Previous(long lastBeatNanos, boolean clean, long pid) {
    }

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(SIZE);
    private final long pid = ProcessHandle.current().pid();
    /** Set by a clean stop: a beat racing with it must not write "running" over "clean". */
    private boolean stopped;

    private Heartbeat(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating) the file for beating; read {@link #previous} first. */
    static Heartbeat open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Heartbeat(path, ch);
    }

    /** The previous run's state, or null when there was none or the file is not a heartbeat (counted as none). */
    static Previous previous(Path path) {
        String s;
        try {
            s = Files.readString(path, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String[] f = s.split(" +");
        if (f.length != 3 || !(f[0].equals("running") || f[0].equals("clean"))) {
            return null;
        }
        try {
            return new Previous(Long.parseLong(f[1]), f[0].equals("clean"), Long.parseLong(f[2]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Path path() {
        return path;
    }

    /** Records that the agent is running now. Never throws: a heartbeat that cannot be written is not fatal. */
    synchronized boolean beat(long nowEpochNanos) {
        return !stopped && write("running", nowEpochNanos, false);
    }

    /** Records a clean stop, durably: the next start raises no blind-window alert. */
    synchronized boolean markClean(long nowEpochNanos) {
        stopped = true;
        return write("clean", nowEpochNanos, true);
    }

    private boolean write(String state, long nanos, boolean force) {
        if (!channel.isOpen()) {
            return false;
        }
        String line = state + " " + nanos + " " + pid;
        buf.clear();
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        buf.put(b, 0, Math.min(b.length, SIZE - 1));
        while (buf.position() < SIZE - 1) {
            buf.put((byte) ' ');
        }
        buf.put((byte) '\n').flip();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf, buf.position());
            }
            if (force) {
                channel.force(false);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
