package dev.hookline.store;

import dev.hookline.schema.Table;
import dev.hookline.store.Segments.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store's segments and their sizes, in memory, oldest hour first: what retention deletes and what status shows,
 * without listing directories every second. Written by the store's writer thread, read by status; synchronized.
 */
final class SegmentIndex {
    private static final long UNKNOWN = Long.MAX_VALUE;

    private static final class Entry {
        final Segment segment;
        long bytes;
        long minTimestamp = UNKNOWN;
        boolean minScanned;

        Entry(Segment segment, long bytes) {
            this.segment = segment;
            this.bytes = bytes;
        }
    }

    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long totalBytes;

    private static long key(Segment s) {
        return s.hour() * 8 + s.table().ordinal();
    }

    synchronized void put(Segment s, long bytes) {
        Entry old = entries.put(key(s), new Entry(s, bytes));
        totalBytes += bytes - (old == null ? 0 : old.bytes);
    }

    /** Records the segment's new size after a block (of events from {@code minTimestamp} on) was written. */
    synchronized void grew(Segment s, long bytes, long blockMinTimestamp) {
        Entry e = entries.computeIfAbsent(key(s), k -> new Entry(s, 0));
        totalBytes += bytes - e.bytes;
        e.bytes = bytes;
        if (blockMinTimestamp < e.minTimestamp) {
            e.minTimestamp = blockMinTimestamp;
        }
    }

    synchronized void remove(Segment s) {
        Entry e = entries.remove(key(s));
        if (e != null) {
            totalBytes -= e.bytes;
        }
    }

    synchronized long bytes(Segment s) {
        Entry e = entries.get(key(s));
        return e == null ? 0 : e.bytes;
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    synchronized int count() {
        return entries.size();
    }

    /** Segments whose hour ended at or before {@code cutoffNanos}, oldest first. */
    synchronized List<Segment> endedBy(long cutoffNanos) {
        List<Segment> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.segment.endNanos() > cutoffNanos) {
                break;
            }
            out.add(e.segment);
        }
        return out;
    }

    synchronized Segment oldest() {
        Map.Entry<Long, Entry> e = entries.firstEntry();
        return e == null ? null : e.getValue().segment;
    }

    /**
     * The earliest event time in the store (from the block headers of each table's oldest segment), or null when
     * the store is empty.
     */
    Long oldestEventNanos() {
        List<Entry> firsts = new ArrayList<>();
        synchronized (this) {
            boolean[] seen = new boolean[Table.values().length];
            for (Entry e : entries.values()) {
                if (!seen[e.segment.table().ordinal()]) {
                    seen[e.segment.table().ordinal()] = true;
                    firsts.add(e);
                }
            }
        }
        long min = UNKNOWN;
        for (Entry e : firsts) {
            long m;
            synchronized (this) {
                m = e.minTimestamp;
                if (e.minScanned) {
                    min = Math.min(min, m);
                    continue;
                }
            }
            long scanned = scanMin(e.segment);
            synchronized (this) {
                e.minTimestamp = Math.min(e.minTimestamp, scanned);
                e.minScanned = true;
                min = Math.min(min, e.minTimestamp);
            }
        }
        return min == UNKNOWN ? null : min;
    }

    /** The least block min Timestamp of a segment, reading block headers only. */
    private static long scanMin(Segment s) {
        long min = UNKNOWN;
        try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = Segments.FILE_HEADER.length;
            ByteBuffer hb = ByteBuffer.allocate(BlockHeader.SIZE);
            while (pos + BlockHeader.SIZE <= size) {
                hb.clear();
                Segments.readFully(ch, hb, pos);
                hb.flip();
                BlockHeader h = BlockHeader.read(hb);
                if (h == null) {
                    break;
                }
                min = Math.min(min, h.minTimestamp());
                pos += BlockHeader.SIZE + h.compressedLength();
            }
        } catch (IOException e) {
            // deleted meanwhile or unreadable: no time from it
        }
        return min;
    }
}
