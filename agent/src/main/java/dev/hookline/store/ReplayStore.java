package dev.hookline.store;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An events file replayed through scheduled rules without holding it in memory (`hookline detect`): its events are
 * spooled into an event store in a temporary directory, deleted on close, and read back window by window. The
 * heap holds the store's queue and open blocks (a few MiB) whatever the file's size; the disk holds the file
 * compressed (about 50 bytes an event).
 */
public final class ReplayStore implements AutoCloseable {
    /** The agent's: each slot holds an event's arrays (about 1.2 KiB), and the producer waits on a full queue. */
    private static final int QUEUE = StoreSettings.DEFAULT_QUEUE;

    private final Path dir;
    private final EventStore store;
    private long seq;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    private ReplayStore(Path dir, EventStore store) {
        this.dir = dir;
        this.store = store;
    }

    /**
     * A store in a new temporary directory under {@code parent} (the JVM's temporary directory when null), with no
     * age or size bound: a replayed file's events are days old by the wall clock and must all stay.
     */
    public static ReplayStore open(Path parent) throws IOException {
        Path dir = parent == null ? Files.createTempDirectory("hookline-replay")
                : Files.createTempDirectory(parent, "hookline-replay");
        try {
            EventStore s = EventStore.open(StoreSettings.of(dir.resolve("store"), Long.MAX_VALUE, Long.MAX_VALUE)
                    .withQueue(QUEUE), null);
            return new ReplayStore(dir, s);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** Spools one event (copied by the store; the caller may reuse it). */
    public void add(Event e) {
        if (e.table() == null) {
            return;
        }
        long ts = e.getLong(Columns.TIMESTAMP);
        if (ts != Event.NULL) {
            first = Math.min(first, ts);
            last = Math.max(last, ts);
        }
        store.put(e, seq++);
    }

    /** Writes out everything added so far; call before reading. */
    public void finish() {
        if (!store.flush(60_000)) {
            throw new IllegalStateException("the replay store did not write its events within 60 s");
        }
    }

    /** Whether any event had a Timestamp. */
    public boolean hasTimes() {
        return first <= last;
    }

    public long first() {
        return first;
    }

    public long last() {
        return last;
    }

    /** Events spooled (with or without a Timestamp). */
    public long events() {
        return seq;
    }

    public StoreReader reader() {
        return store.reader();
    }

    @Override
    public void close() {
        store.close();
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the replay store " + dir, e);
        }
    }
}
