package dev.hookline.transport.spool;

import dev.hookline.output.FsyncPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.zip.CRC32;

/**
 * A durable, bounded, append-only queue of records on disk: the agent's store-and-forward buffer in front of the
 * network.
 *
 * <p>Layout of the directory: segment files {@code seg-<first seq, 20 digits>.log}, an {@code ack} file holding the
 * sequence number of the first record not yet acknowledged, and a {@code spool.lock} that keeps a second process off
 * the directory. Records get consecutive sequence numbers across segments; a segment's name carries its first one.
 *
 * <p>Record format: {@code int length | int crc32 | long appendMillis | payload[length]}, big-endian, the CRC over
 * appendMillis and payload. On open every segment is scanned; at the first record that is incomplete or fails its
 * CRC (a crash mid-write, a torn page) the segment is truncated there and the loss is counted — never a crash.
 *
 * <p>Bounded: when an append would take the spool past {@code maxBytes}, whole oldest segments are deleted first
 * (acknowledged or not), the evicted unacknowledged records counted; the ack position then jumps past them.
 * Acknowledging deletes segments whose records are all acknowledged. After a restart, reading resumes at the
 * persisted ack position: records sent but not acknowledged before the crash are sent again (at-least-once; the
 * collector deduplicates by AlertId).
 *
 * <p>Thread-safe: every method is synchronized (the writer never waits on the network, only on the disk).
 */
public final class Spool implements Closeable {
    private static final Logger LOG = Logger.getLogger(Spool.class.getName());
    static final int HEADER = 16;
    private static final String SEG_PREFIX = "seg-";
    private static final String SEG_SUFFIX = ".log";

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FsyncPolicy fsync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Oldest first; the last one is the one appended to. */
    private final List<Segment> segments = new ArrayList<>();
    private final ByteBuffer header = ByteBuffer.allocate(HEADER);
    private final CRC32 crc = new CRC32();

    private long ackSeq;
    private long nextSeq;
    private long totalBytes;
    private boolean dirty;
    private long lastSyncNanos = System.nanoTime();
    private boolean closed;

    private long appended;
    private long evictedRecords;
    private long evictedSegments;
    private long rejectedRecords;
    private long tornRecords;
    private long tornBytes;
    private long fsyncs;
    private long deletedSegments;

    /** Configuration: total size bound, segment size, fsync policy. */
    public record Config(long maxBytes, long segmentBytes, FsyncPolicy fsync) {
        public Config {
            if (segmentBytes < 1024) {
                throw new IllegalArgumentException("spool segment size must be >= 1024 bytes, got " + segmentBytes);
            }
            if (maxBytes < 2 * segmentBytes) {
                throw new IllegalArgumentException("spool max size must be >= 2 segments, got " + maxBytes);
            }
            if (fsync == null) {
                fsync = FsyncPolicy.defaultPolicy();
            }
        }

        /** 256 MiB total in 8 MiB segments, fsync at most once a second. */
        public static Config defaults() {
            return new Config(256L << 20, 8L << 20, FsyncPolicy.defaultPolicy());
        }
    }

    /** A run of consecutive records read from the spool: {@code firstSeq .. nextSeq-1}. */
    public record Batch(long firstSeq, long nextSeq, List<byte[]> records, long firstAppendMillis) {
        public boolean isEmpty() {
            return records.isEmpty();
        }
    }

    private static final class Segment {
        final long baseSeq;
        final Path path;
        final FileChannel ch;
        long size;
        /** Byte offset of each record, by seq - baseSeq. */
        long[] offsets = new long[64];
        int count;

        Segment(long baseSeq, Path path, FileChannel ch) {
            this.baseSeq = baseSeq;
            this.path = path;
            this.ch = ch;
        }

        long endSeq() {
            return baseSeq + count;
        }

        void addOffset(long off) {
            if (count == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = off;
        }
    }

    /** Opens (creating) the spool in {@code dir}, recovering torn tails and the ack position. */
    public Spool(Path dir, Config config) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.maxBytes = config.maxBytes();
        this.segmentBytes = config.segmentBytes();
        this.fsync = config.fsync();
        Files.createDirectories(this.dir);
        lockChannel = FileChannel.open(this.dir.resolve("spool.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("spool " + this.dir + " is in use by another agent");
        }
        lock = l;
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            releaseQuietly();
            throw e;
        }
    }

    private void recover() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, SEG_PREFIX + "*" + SEG_SUFFIX)) {
            ds.forEach(files::add);
        }
        List<long[]> bases = new ArrayList<>();
        for (Path p : files) {
            String n = p.getFileName().toString();
            try {
                bases.add(new long[] {Long.parseLong(n.substring(SEG_PREFIX.length(), n.length() - SEG_SUFFIX.length()))});
            } catch (NumberFormatException e) {
                LOG.warning(dir + ": ignoring unexpected file " + n);
            }
        }
        bases.sort((a, b) -> Long.compare(a[0], b[0]));
        long expected = -1;
        for (long[] b : bases) {
            Segment s = openSegment(b[0]);
            if (expected >= 0 && s.baseSeq != expected) {
                // A gap (a segment deleted by hand): sequence numbers stay as named; records in the gap are gone.
                LOG.warning(dir + ": sequence gap before " + s.path.getFileName());
            }
            scan(s);
            segments.add(s);
            totalBytes += s.size;
            expected = s.endSeq();
        }
        ackSeq = readAck();
        if (segments.isEmpty()) {
            nextSeq = Math.max(ackSeq, 0);
            segments.add(openSegment(nextSeq));
        } else {
            nextSeq = last().endSeq();
        }
        long first = segments.get(0).baseSeq;
        if (ackSeq < first) {
            ackSeq = first;
        }
        if (ackSeq > nextSeq) {
            // The ack file is ahead of the data (the tail was torn after it was acked): nothing to resend.
            ackSeq = nextSeq;
        }
    }

    private Segment openSegment(long baseSeq) throws IOException {
        Path p = dir.resolve(String.format("%s%020d%s", SEG_PREFIX, baseSeq, SEG_SUFFIX));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Segment s = new Segment(baseSeq, p, ch);
        s.size = ch.size();
        return s;
    }

    /** Indexes the records of a segment; truncates at the first bad one. */
    private void scan(Segment s) throws IOException {
        long len = s.ch.size();
        long off = 0;
        ByteBuffer payload = ByteBuffer.allocate(4096);
        while (off < len) {
            if (len - off < HEADER) {
                break;
            }
            header.clear();
            readFully(s.ch, header, off);
            header.flip();
            int n = header.getInt();
            int storedCrc = header.getInt();
            long millis = header.getLong();
            if (n < 0 || off + HEADER + n > len) {
                break;
            }
            if (payload.capacity() < n) {
                payload = ByteBuffer.allocate(n);
            }
            payload.clear().limit(n);
            readFully(s.ch, payload, off + HEADER);
            crc.reset();
            crc.update(longBytes(millis));
            crc.update(payload.array(), 0, n);
            if ((int) crc.getValue() != storedCrc) {
                break;
            }
            s.addOffset(off);
            off += HEADER + n;
        }
        if (off < len) {
            long lost = len - off;
            tornRecords++;
            tornBytes += lost;
            LOG.warning(s.path + ": truncated " + lost + " bytes of a torn or corrupt record at offset " + off);
            s.ch.truncate(off);
            s.ch.force(true);
        }
        s.size = off;
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of spool segment");
            }
            pos += r;
        }
    }

    private Segment last() {
        return segments.get(segments.size() - 1);
    }

    /**
     * Appends one record durably (per the fsync policy) and returns its sequence number. Makes room by evicting the
     * oldest segments if the spool is full. A record larger than half the spool is refused (counted), returns -1.
     */
    public synchronized long append(byte[] record) throws IOException {
        ensureOpen();
        long need = HEADER + (long) record.length;
        if (need > maxBytes / 2) {
            rejectedRecords++;
            LOG.warning(dir + ": refused a record of " + record.length + " bytes (spool max " + maxBytes + ")");
            return -1;
        }
        Segment s = last();
        if (s.size > 0 && s.size + need > segmentBytes) {
            roll();
            s = last();
        }
        while (totalBytes + need > maxBytes && segments.size() > 1) {
            evictOldest();
        }
        crc.reset();
        long millis = System.currentTimeMillis();
        crc.update(longBytes(millis));
        crc.update(record, 0, record.length);
        ByteBuffer buf = ByteBuffer.allocate((int) need);
        buf.putInt(record.length).putInt((int) crc.getValue()).putLong(millis).put(record).flip();
        long off = s.size;
        long pos = off;
        while (buf.hasRemaining()) {
            pos += s.ch.write(buf, pos);
        }
        s.size += need;
        s.addOffset(off);
        totalBytes += need;
        appended++;
        dirty = true;
        long seq = nextSeq++;
        if (fsync.mode() == FsyncPolicy.Mode.EVERY_LINE) {
            force();
        } else {
            syncIfDueLocked();
        }
        return seq;
    }

    private void roll() throws IOException {
        Segment old = last();
        if (dirty && fsync.mode() != FsyncPolicy.Mode.NEVER) {
            force();
        }
        segments.add(openSegment(old.endSeq()));
        syncDirectory();
    }

    private void evictOldest() throws IOException {
        Segment s = segments.remove(0);
        long unacked = Math.max(0, s.endSeq() - Math.max(ackSeq, s.baseSeq));
        evictedRecords += unacked;
        evictedSegments++;
        if (unacked > 0 && (evictedSegments & (evictedSegments - 1)) == 0) {
            // logged at the 1st, 2nd, 4th, 8th... eviction: a full spool must not flood the log; counters have it all
            LOG.warning(dir + ": spool full, evicted " + unacked + " unsent records (" + evictedRecords
                    + " in total)");
        }
        totalBytes -= s.size;
        s.ch.close();
        Files.deleteIfExists(s.path);
        if (ackSeq < segments.get(0).baseSeq) {
            ackSeq = segments.get(0).baseSeq;
            writeAck();
        }
    }

    /**
     * Reads up to {@code maxRecords} records / about {@code maxBytes} payload bytes (at least one record) from
     * {@code fromSeq} on; if those were evicted meanwhile, from the oldest record still held.
     */
    public synchronized Batch read(long fromSeq, int maxRecords, long maxBytes) throws IOException {
        ensureOpen();
        long seq = Math.max(fromSeq, segments.get(0).baseSeq);
        List<byte[]> out = new ArrayList<>();
        long firstMillis = 0;
        long bytes = 0;
        long start = seq;
        int si = segmentIndex(seq);
        while (si >= 0 && si < segments.size() && out.size() < maxRecords) {
            Segment s = segments.get(si);
            if (seq >= s.endSeq()) {
                si++;
                continue;
            }
            if (seq < s.baseSeq) {
                seq = s.baseSeq; // gap
                start = out.isEmpty() ? seq : start;
            }
            long off = s.offsets[(int) (seq - s.baseSeq)];
            header.clear();
            readFully(s.ch, header, off);
            header.flip();
            int n = header.getInt();
            header.getInt();
            long millis = header.getLong();
            if (!out.isEmpty() && bytes + n > maxBytes) {
                break;
            }
            byte[] rec = new byte[n];
            readFully(s.ch, ByteBuffer.wrap(rec), off + HEADER);
            if (out.isEmpty()) {
                firstMillis = millis;
            }
            out.add(rec);
            bytes += n;
            seq++;
        }
        return new Batch(start, out.isEmpty() ? start : seq, out, firstMillis);
    }

    /** The index of the segment holding seq, or of the first segment after it; -1 if none. */
    private int segmentIndex(long seq) {
        for (int i = 0; i < segments.size(); i++) {
            if (seq < segments.get(i).endSeq()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Marks every record below {@code seq} acknowledged: persisted, so a restart resumes there; fully acknowledged
     * segments (except the one being appended to) are deleted.
     */
    public synchronized void ack(long seq) throws IOException {
        ensureOpen();
        long s = Math.min(seq, nextSeq);
        if (s <= ackSeq) {
            return;
        }
        // The records must be on disk before their ack is: otherwise a power cut could persist the ack only.
        if (dirty && fsync.mode() != FsyncPolicy.Mode.NEVER) {
            force();
        }
        ackSeq = s;
        writeAck();
        while (segments.size() > 1 && segments.get(0).endSeq() <= ackSeq) {
            Segment old = segments.remove(0);
            totalBytes -= old.size;
            old.ch.close();
            Files.deleteIfExists(old.path);
            deletedSegments++;
        }
    }

    private long readAck() {
        Path p = dir.resolve("ack");
        try {
            String s = Files.readString(p, StandardCharsets.US_ASCII).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            // A broken ack file means "resend everything held": duplicates, never loss.
            LOG.warning(dir + ": unreadable ack file (" + e.getMessage() + "), resending from the oldest record");
            return 0;
        }
    }

    /** tmp + fsync + atomic rename: the ack file is always either the old or the new position. */
    private void writeAck() throws IOException {
        Path tmp = dir.resolve("ack.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((ackSeq + "\n").getBytes(StandardCharsets.US_ASCII)));
            if (fsync.mode() != FsyncPolicy.Mode.NEVER) {
                ch.force(true);
            }
        }
        try {
            Files.move(tmp, dir.resolve("ack"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve("ack"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void syncDirectory() {
        if (fsync.mode() == FsyncPolicy.Mode.NEVER) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort: not every file system lets a directory be opened
        }
    }

    private void force() throws IOException {
        last().ch.force(false);
        fsyncs++;
        dirty = false;
        lastSyncNanos = System.nanoTime();
    }

    private void syncIfDueLocked() throws IOException {
        if (dirty && fsync.mode() == FsyncPolicy.Mode.INTERVAL
                && System.nanoTime() - lastSyncNanos >= TimeUnit.MILLISECONDS.toNanos(fsync.intervalMillis())) {
            force();
        }
    }

    /** Forces pending appends to disk if the interval policy says it is time (call it periodically). */
    public synchronized void syncIfDue() throws IOException {
        if (!closed) {
            syncIfDueLocked();
        }
    }

    /** Forces pending appends to disk now (unless the policy is NEVER). */
    public synchronized void flush() throws IOException {
        if (!closed && dirty && fsync.mode() != FsyncPolicy.Mode.NEVER) {
            force();
        }
    }

    /** Sequence number of the first unacknowledged record. */
    public synchronized long ackedSeq() {
        return ackSeq;
    }

    /** Sequence number the next append gets. */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    /** Records held and not yet acknowledged. */
    public synchronized long depth() {
        return nextSeq - ackSeq;
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    public synchronized int segmentCount() {
        return segments.size();
    }

    /** Append time (epoch ms) of the oldest unacknowledged record, or 0 when everything is acknowledged. */
    public synchronized long oldestUnackedMillis() throws IOException {
        if (closed || ackSeq >= nextSeq) {
            return 0;
        }
        int si = segmentIndex(ackSeq);
        if (si < 0) {
            return 0;
        }
        Segment s = segments.get(si);
        long seq = Math.max(ackSeq, s.baseSeq);
        header.clear();
        readFully(s.ch, header, s.offsets[(int) (seq - s.baseSeq)]);
        return header.getLong(8);
    }

    /**
     * How long the oldest unacknowledged record has waited, in ms (0 when all are acknowledged, or when the spool
     * cannot be read: a status counter, not worth a failure).
     */
    public long oldestUnackedAgeMillis() {
        try {
            long t = oldestUnackedMillis();
            return t == 0 ? 0 : Math.max(0, System.currentTimeMillis() - t);
        } catch (IOException e) {
            return 0;
        }
    }

    public Path dir() {
        return dir;
    }

    public synchronized Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("spool_depth", nextSeq - ackSeq);
        m.put("spool_bytes", totalBytes);
        m.put("spool_segments", (long) segments.size());
        m.put("spool_appended", appended);
        m.put("spool_evicted_records", evictedRecords);
        m.put("spool_evicted_segments", evictedSegments);
        m.put("spool_rejected_records", rejectedRecords);
        m.put("spool_torn_records", tornRecords);
        m.put("spool_torn_bytes", tornBytes);
        m.put("spool_fsyncs", fsyncs);
        m.put("spool_acked_segments_deleted", deletedSegments);
        return m;
    }

    public synchronized long evictedRecords() {
        return evictedRecords;
    }

    public synchronized long tornRecords() {
        return tornRecords;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("spool " + dir + " is closed");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            for (Segment s : segments) {
                s.ch.close();
            }
            releaseQuietly();
        }
    }

    /**
     * Test hook standing in for a killed process: drops file handles and the lock without syncing or writing
     * anything (what the kernel does when the process dies; written bytes stay in the page cache).
     */
    public synchronized void abandonForCrashTest() {
        closed = true;
        for (Segment s : segments) {
            try {
                s.ch.close();
            } catch (IOException e) {
                // ignored: simulating a crash
            }
        }
        releaseQuietly();
    }

    private void releaseQuietly() {
        try {
            lock.release();
        } catch (IOException | RuntimeException e) {
            // ignored
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            // ignored
        }
    }
}
