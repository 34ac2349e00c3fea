package dev.hookline.store;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.hookline.kql.TableSource;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.store.Segments.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads the store's events of a time range {@code [from, to)} of their Timestamp as a {@link TableSource}: only
 * the segments whose hour overlaps the range are opened, and only the blocks whose min/max Timestamp overlaps it
 * are read and decompressed (the others are skipped by their header). Streaming: one block in memory at a time,
 * one Event reused for every row. Safe to use while the agent writes: a block still being written at the end of a
 * segment is not read, and a damaged block ends that segment's scan (counted), never the query.
 */
public final class StoreReader implements TableSource {
    private final Path root;
    private final long from;
    private final long to;
    private final EventStore.Cut cut;
    private final AtomicLong blocksRead = new AtomicLong();
    private final AtomicLong blocksSkipped = new AtomicLong();
    private final AtomicLong blocksDamaged = new AtomicLong();

    /** Everything in the store. */
    public StoreReader(Path root) {
        this(root, Long.MIN_VALUE, Long.MAX_VALUE, null);
    }

    private StoreReader(Path root, long from, long to, EventStore.Cut cut) {
        this.root = root;
        this.from = from;
        this.to = to;
        this.cut = cut;
    }

    /** The same store restricted to events with {@code from <= Timestamp < to} (epoch nanoseconds). */
    public StoreReader range(long fromNanos, long toNanos) {
        return new StoreReader(root, fromNanos, toNanos, cut);
    }

    /** The same store without the events a live query takes from the ring (see {@link EventStore.Cut}). */
    public StoreReader before(EventStore.Cut c) {
        return new StoreReader(root, from, to, c);
    }

    @Override
    public void scan(Table table, Consumer<Event> consumer) {
        List<Segment> segments;
        try {
            segments = Segments.list(root, table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the event store " + root.resolve(table.name()), e);
        }
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            Scan s = new Scan(table, zstd, consumer);
            for (Segment seg : segments) {
                if (seg.endNanos() <= from || seg.startNanos() >= to) {
                    continue;
                }
                s.segment(seg);
            }
        }
    }

    /** Blocks decompressed, skipped by their header's time range or sequence, and found damaged, so far. */
    public long blocksRead() {
        return blocksRead.get();
    }

    public long blocksSkipped() {
        return blocksSkipped.get();
    }

    public long blocksDamaged() {
        return blocksDamaged.get();
    }

    /** One table's scan: its reusable buffers. */
    private final class Scan {
        private final Table table;
        private final ZstdDecompressCtx zstd;
        private final Consumer<Event> consumer;
        private final BlockDecoder decoder = new BlockDecoder();
        private final ByteBuffer header = ByteBuffer.allocate(BlockHeader.SIZE);
        private byte[] compressed = new byte[64 << 10];
        private byte[] raw = new byte[256 << 10];

        Scan(Table table, ZstdDecompressCtx zstd, Consumer<Event> consumer) {
            this.table = table;
            this.zstd = zstd;
            this.consumer = consumer;
        }

        void segment(Segment seg) {
            try (FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.READ)) {
                long size = ch.size();
                ByteBuffer fh = ByteBuffer.allocate(Segments.FILE_HEADER.length);
                if (Segments.readFully(ch, fh, 0) < fh.capacity() || !Arrays.equals(fh.array(), Segments.FILE_HEADER)) {
                    return; // created a moment ago, or not a segment
                }
                long pos = Segments.FILE_HEADER.length;
                while (pos + BlockHeader.SIZE <= size) {
                    header.clear();
                    Segments.readFully(ch, header, pos);
                    header.flip();
                    BlockHeader h = BlockHeader.read(header);
                    if (h == null) {
                        blocksDamaged.incrementAndGet();
                        return;
                    }
                    long next = pos + BlockHeader.SIZE + h.compressedLength();
                    if (next > size) {
                        return; // being written
                    }
                    if (h.maxTimestamp() < from || h.minTimestamp() >= to
                            || (cut != null && h.runId() == cut.runId() && h.minSeq() >= cut.visibleBelow())) {
                        blocksSkipped.incrementAndGet();
                    } else if (!block(ch, pos + BlockHeader.SIZE, h)) {
                        blocksDamaged.incrementAndGet();
                        return;
                    }
                    pos = next;
                }
            } catch (NoSuchFileException e) {
                // deleted by retention since the listing
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the event store segment " + seg.path(), e);
            }
        }

        /** Reads, checks, decompresses and hands out one block's events in range; false when it is damaged. */
        private boolean block(FileChannel ch, long at, BlockHeader h) throws IOException {
            if (compressed.length < h.compressedLength()) {
                compressed = new byte[h.compressedLength()];
            }
            if (raw.length < h.rawLength()) {
                raw = new byte[h.rawLength()];
            }
            ByteBuffer b = ByteBuffer.wrap(compressed, 0, h.compressedLength());
            if (Segments.readFully(ch, b, at) < h.compressedLength()
                    || BlockHeader.payloadCrc(compressed, 0, h.compressedLength()) != h.payloadCrc()) {
                return false;
            }
            int n;
            try {
                n = zstd.decompressByteArray(raw, 0, h.rawLength(), compressed, 0, h.compressedLength());
            } catch (RuntimeException e) {
                return false;
            }
            if (n != h.rawLength()) {
                return false;
            }
            blocksRead.incrementAndGet();
            boolean checkSeq = cut != null && h.runId() == cut.runId();
            try {
                decoder.decode(raw, n, table, h.count(), h.minSeq(), (e, seq) -> {
                    if (checkSeq && seq >= cut.visibleBelow()) {
                        return false; // sequences only grow within a block
                    }
                    long ts = e.getLong(Columns.TIMESTAMP);
                    if (ts == Event.NULL || (ts >= from && ts < to)) {
                        consumer.accept(e);
                    }
                    return true;
                });
            } catch (BlockDecoder.CorruptBlockException e) {
                return false;
            }
            return true;
        }
    }
}
