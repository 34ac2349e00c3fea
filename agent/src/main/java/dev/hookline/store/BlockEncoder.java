package dev.hookline.store;

import dev.hookline.schema.Column;
import dev.hookline.schema.ColumnType;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes events of one table into a block's raw (uncompressed) bytes. Per event: the ring sequence as a varint
 * delta from the previous event's, a presence bitmap over the table's columns (Microsoft's order), then each
 * present value: strings as a reference into the block's string table (varint index + 1) or 0 followed by a new
 * literal (varint byte length, then the characters as CESU-8, which keeps every Java string exactly, unpaired
 * surrogates too); datetimes as the zigzag varint delta from the same column's previous value in the block;
 * long, int and bool as zigzag varints. A null (Event.NULL or a null string) is an absent bit.
 *
 * <p>The string table is what makes the form compact before compression (DeviceId, the account, the parent's
 * paths repeat in nearly every row) and lets the decoder hand out one String per distinct value of a block.
 */
final class BlockEncoder {
    /** Strings a block's table holds at most; later new strings stay literals (the decoder applies the same rule). */
    static final int MAX_STRINGS = 1 << 16;

    private final Map<String, Integer> strings = new HashMap<>();
    private final long[] prevTime = new long[Columns.count()];
    private byte[] buf = new byte[64 << 10];
    private int len;
    private Table table;
    private int count;
    private long minSeq;
    private long prevSeq;
    private long maxSeq;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    /** Starts an empty block of the table. */
    void reset(Table t) {
        table = t;
        len = 0;
        count = 0;
        strings.clear();
        Arrays.fill(prevTime, 0);
        minTs = Long.MAX_VALUE;
        maxTs = Long.MIN_VALUE;
    }

    /**
     * Appends one event. {@code rangeTimestamp} is the time the block's range covers it by: its Timestamp, or the
     * arrival time for an event without one.
     */
    void add(Event e, long seq, long rangeTimestamp) {
        if (count == 0) {
            minSeq = seq;
            prevSeq = seq;
        }
        ensure(16 + table.columns().size() * 10);
        putVarLong(seq - prevSeq);
        prevSeq = seq;
        maxSeq = seq;
        List<Column> cols = table.columns();
        int bitmap = len;
        int bitmapBytes = (cols.size() + 7) >>> 3;
        Arrays.fill(buf, bitmap, bitmap + bitmapBytes, (byte) 0);
        len += bitmapBytes;
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            ColumnType type = c.type();
            if (type.numeric()) {
                long v = e.getLong(c.id());
                if (v == Event.NULL) {
                    continue;
                }
                buf[bitmap + (i >>> 3)] |= (byte) (1 << (i & 7));
                ensure(10);
                if (type == ColumnType.DATETIME) {
                    putVarLong(zigzag(v - prevTime[c.id()]));
                    prevTime[c.id()] = v;
                } else {
                    putVarLong(zigzag(v));
                }
            } else {
                String s = e.getString(c.id());
                if (s == null) {
                    continue;
                }
                buf[bitmap + (i >>> 3)] |= (byte) (1 << (i & 7));
                putString(s);
            }
        }
        count++;
        minTs = Math.min(minTs, rangeTimestamp);
        maxTs = Math.max(maxTs, rangeTimestamp);
    }

    private void putString(String s) {
        Integer ref = strings.get(s);
        if (ref != null) {
            ensure(5);
            putVarLong(ref + 1L);
            return;
        }
        if (strings.size() < MAX_STRINGS) {
            strings.put(s, strings.size());
        }
        int n = s.length();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            bytes += ch >= 1 && ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
        }
        ensure(11 + bytes);
        buf[len++] = 0;
        putVarLong(bytes);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 1 && ch < 0x80) {
                buf[len++] = (byte) ch;
            } else if (ch < 0x800) {
                buf[len++] = (byte) (0xC0 | (ch >> 6));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            } else {
                buf[len++] = (byte) (0xE0 | (ch >> 12));
                buf[len++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
    }

    private void putVarLong(long v) {
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    Table table() {
        return table;
    }

    int count() {
        return count;
    }

    int length() {
        return len;
    }

    byte[] bytes() {
        return buf;
    }

    long minSeq() {
        return minSeq;
    }

    long maxSeq() {
        return maxSeq;
    }

    long minTimestamp() {
        return minTs;
    }

    long maxTimestamp() {
        return maxTs;
    }

    /** Drops the buffer when it grew far past a normal block (one huge event), so it does not stay allocated. */
    void trim(int keepBytes) {
        if (buf.length > keepBytes * 2 && len == 0) {
            buf = new byte[keepBytes];
        }
    }
}
