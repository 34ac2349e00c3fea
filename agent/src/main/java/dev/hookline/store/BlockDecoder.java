package dev.hookline.store;

import dev.hookline.schema.Column;
import dev.hookline.schema.ColumnType;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes a block's raw bytes (see {@link BlockEncoder}) event by event into one reused Event. */
final class BlockDecoder {
    /** Receives each decoded event with its ring sequence; the Event is reused after the call. */
    interface Visitor {
        /** @return false to stop decoding this block */
        boolean visit(Event e, long seq);
    }

    private final List<String> strings = new ArrayList<>();
    private final long[] prevTime = new long[Columns.count()];
    private final Event event = new Event();
    private byte[] buf;
    private int pos;
    private int end;
    private char[] chars = new char[256];

    /**
     * Decodes {@code count} events of the table from {@code raw[0..len)}.
     *
     * @throws CorruptBlockException when the bytes do not decode (never an unchecked exception for bad input)
     */
    void decode(byte[] raw, int len, Table table, int count, long minSeq, Visitor v) throws CorruptBlockException {
        buf = raw;
        pos = 0;
        end = len;
        strings.clear();
        Arrays.fill(prevTime, 0);
        List<Column> cols = table.columns();
        int bitmapBytes = (cols.size() + 7) >>> 3;
        long seq = minSeq;
        try {
            for (int n = 0; n < count; n++) {
                seq += varLong();
                event.reset(table);
                int bitmap = pos;
                pos += bitmapBytes;
                if (pos > end) {
                    throw new CorruptBlockException("block ends inside an event");
                }
                for (int i = 0; i < cols.size(); i++) {
                    if ((raw[bitmap + (i >>> 3)] & (1 << (i & 7))) == 0) {
                        continue;
                    }
                    Column c = cols.get(i);
                    ColumnType type = c.type();
                    if (type.numeric()) {
                        long x = unzigzag(varLong());
                        if (type == ColumnType.DATETIME) {
                            x += prevTime[c.id()];
                            prevTime[c.id()] = x;
                        }
                        event.set(c, x);
                    } else {
                        event.set(c, string());
                    }
                }
                if (!v.visit(event, seq)) {
                    return;
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptBlockException("block does not decode: " + e.getMessage());
        }
        if (pos != end) {
            throw new CorruptBlockException("block has " + (end - pos) + " bytes after its last event");
        }
    }

    private String string() throws CorruptBlockException {
        long ref = varLong();
        if (ref > 0) {
            return strings.get((int) (ref - 1));
        }
        long n = varLong();
        if (n < 0 || pos + n > end) {
            throw new CorruptBlockException("string runs past the block");
        }
        int len = (int) n;
        String s = null;
        boolean ascii = true;
        for (int i = pos; i < pos + len; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            s = new String(buf, pos, len, StandardCharsets.ISO_8859_1);
            pos += len;
        } else {
            s = cesu8(len);
        }
        if (strings.size() < BlockEncoder.MAX_STRINGS) {
            strings.add(s);
        }
        return s;
    }

    private String cesu8(int len) throws CorruptBlockException {
        if (chars.length < len) {
            chars = new char[Math.max(len, chars.length * 2)];
        }
        int stop = pos + len;
        int n = 0;
        while (pos < stop) {
            int b = buf[pos++] & 0xFF;
            if (b < 0x80) {
                chars[n++] = (char) b;
            } else if ((b & 0xE0) == 0xC0 && pos < stop) {
                chars[n++] = (char) (((b & 0x1F) << 6) | (buf[pos++] & 0x3F));
            } else if ((b & 0xF0) == 0xE0 && pos + 1 < stop) {
                chars[n++] = (char) (((b & 0x0F) << 12) | ((buf[pos] & 0x3F) << 6) | (buf[pos + 1] & 0x3F));
                pos += 2;
            } else {
                throw new CorruptBlockException("bad character bytes in a string");
            }
        }
        return new String(chars, 0, n);
    }

    private long varLong() throws CorruptBlockException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new CorruptBlockException("block ends inside an event");
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new CorruptBlockException("varint longer than 10 bytes");
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** The decoded bytes of a block are not what the encoder wrote. */
    static final class CorruptBlockException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptBlockException(String message) {
            super(message);
        }
    }
}
