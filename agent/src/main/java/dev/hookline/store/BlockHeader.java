package dev.hookline.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The fixed 64-byte header in front of every block of a segment (little-endian):
 * <pre>
 *  0 int  magic "HLB1"            32 long runId (the agent run that wrote it)
 *  4 int  compressed length       40 long minSeq (ring sequence of its first event)
 *  8 int  raw (decoded) length    48 long maxSeq
 * 12 int  event count             56 int  CRC32C of the compressed payload
 * 16 long min Timestamp (ns)      60 int  CRC32C of bytes 0..59 (this header)
 * 24 long max Timestamp (ns)
 * </pre>
 * The header's own CRC lets a reader skip a block whose time range is outside the query by its header alone, and
 * still notice a damaged length before it jumps somewhere wrong.
 */
record BlockHeader(int compressedLength, int rawLength, int count, long minTimestamp, long maxTimestamp, long runId,
                   long minSeq, long maxSeq, int payloadCrc) {
    static final int SIZE = 64;
    static final int MAGIC = 0x31424C48; // "HLB1" read little-endian
    /** No block is larger: a damaged length never makes a reader allocate gigabytes. */
    static final int MAX_LENGTH = 64 << 20;

    void write(ByteBuffer b) {
        int start = b.position();
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(compressedLength).putInt(rawLength).putInt(count)
                .putLong(minTimestamp).putLong(maxTimestamp).putLong(runId).putLong(minSeq).putLong(maxSeq)
                .putInt(payloadCrc);
        b.putInt(crc(b, start));
    }

    /** The header at the buffer's position (SIZE bytes), or null when it is not a valid header. */
    static BlockHeader read(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        int start = b.position();
        if (b.remaining() < SIZE || b.getInt(start) != MAGIC || b.getInt(start + 60) != crc(b, start)) {
            return null;
        }
        b.getInt();
        BlockHeader h = new BlockHeader(b.getInt(), b.getInt(), b.getInt(), b.getLong(), b.getLong(), b.getLong(),
                b.getLong(), b.getLong(), b.getInt());
        b.getInt();
        if (h.compressedLength < 0 || h.compressedLength > MAX_LENGTH || h.rawLength < 0 || h.rawLength > MAX_LENGTH
                || h.count < 0) {
            return null;
        }
        return h;
    }

    /** CRC32C of the 60 bytes from {@code start}. */
    private static int crc(ByteBuffer b, int start) {
        CRC32C c = new CRC32C();
        ByteBuffer d = b.duplicate();
        d.limit(start + 60).position(start);
        c.update(d);
        return (int) c.getValue();
    }

    static int payloadCrc(byte[] payload, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(payload, off, len);
        return (int) c.getValue();
    }
}
