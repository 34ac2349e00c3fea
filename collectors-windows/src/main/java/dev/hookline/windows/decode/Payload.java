package dev.hookline.windows.decode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over an event's UserData. ETW payloads are packed (no alignment padding); pointer-sized fields take the
 * logging process's pointer size. Reading past the end throws {@link Truncated}, which the decoders turn into a
 * counted parse error.
 */
final class Payload {
    static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated(String what) {
            super(what, null, false, false);
        }
    }

    private final ByteBuffer b;
    private final int pointerSize;

    Payload(ByteBuffer b, int pointerSize) {
        this.b = b;
        this.pointerSize = pointerSize;
    }

    private void need(int n, String what) {
        if (b.remaining() < n) {
            throw new Truncated(what);
        }
    }

    long u32(String what) {
        need(4, what);
        return b.getInt() & 0xffffffffL;
    }

    int u16(String what) {
        need(2, what);
        return b.getShort() & 0xffff;
    }

    /** A 16-bit value in network byte order (Kernel-Network ports). */
    int u16be(String what) {
        need(2, what);
        int hi = b.get() & 0xff;
        int lo = b.get() & 0xff;
        return (hi << 8) | lo;
    }

    long u64(String what) {
        need(8, what);
        return b.getLong();
    }

    long pointer(String what) {
        return pointerSize == 4 ? u32(what) : u64(what);
    }

    byte[] bytes(int n, String what) {
        need(n, what);
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    void skip(int n, String what) {
        need(n, what);
        b.position(b.position() + n);
    }

    /** A NUL-terminated UTF-16LE string; a missing terminator at the end of the data is accepted. */
    String utf16z(String what) {
        int start = b.position();
        int end = start;
        while (end + 1 < b.limit() && (b.get(end) != 0 || b.get(end + 1) != 0)) {
            end += 2;
        }
        if (end + 1 >= b.limit() && start == b.limit()) {
            throw new Truncated(what);
        }
        String s = new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.UTF_16LE);
        b.position(Math.min(b.limit(), end + 2));
        return s;
    }

    /** A NUL-terminated 8-bit string (classic ImageFileName); bytes read as Latin-1. */
    String ansiz(String what) {
        int start = b.position();
        int end = start;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        if (start == b.limit()) {
            throw new Truncated(what);
        }
        String s = new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.ISO_8859_1);
        b.position(Math.min(b.limit(), end + 1));
        return s;
    }

    /** A manifest win:SID: the SID itself, its length from SubAuthorityCount. */
    String sid(String what) {
        need(8, what);
        int revision = b.get(b.position()) & 0xff;
        int count = b.get(b.position() + 1) & 0xff;
        need(8 + 4 * count, what);
        long authority = 0;
        for (int i = 0; i < 6; i++) {
            authority = (authority << 8) | (b.get(b.position() + 2 + i) & 0xff);
        }
        b.position(b.position() + 8);
        StringBuilder sb = new StringBuilder("S-").append(revision).append('-').append(authority);
        for (int i = 0; i < count; i++) {
            sb.append('-').append(b.getInt() & 0xffffffffL);
        }
        return sb.toString();
    }

    /**
     * A classic (MOF) kernel SID property: a TOKEN_USER (two pointer-sized values) followed by the SID. When the
     * first 4 bytes are zero there is no SID and the property is those 4 bytes only (Microsoft's MOF decoding
     * sample does the same).
     */
    String tokenUserSid(String what) {
        need(4, what);
        if (b.getInt(b.position()) == 0) {
            b.position(b.position() + 4);
            return null;
        }
        skip(2 * pointerSize, what);
        return sid(what);
    }

    int remaining() {
        return b.remaining();
    }
}
