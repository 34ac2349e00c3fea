package dev.hookline.windows.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Little-endian byte writer for UserData fixtures, field by field as the manifests lay them out. */
public final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int pointerSize;

    public Bytes(int pointerSize) {
        this.pointerSize = pointerSize;
    }

    public Bytes u8(int v) {
        out.write(v);
        return this;
    }

    public Bytes u16(int v) {
        return u8(v & 0xff).u8((v >>> 8) & 0xff);
    }

    public Bytes u16be(int v) {
        return u8((v >>> 8) & 0xff).u8(v & 0xff);
    }

    public Bytes u32(long v) {
        return u16((int) v & 0xffff).u16((int) (v >>> 16) & 0xffff);
    }

    public Bytes u64(long v) {
        return u32(v & 0xffffffffL).u32(v >>> 32);
    }

    public Bytes ptr(long v) {
        return pointerSize == 4 ? u32(v) : u64(v);
    }

    public Bytes raw(byte... b) {
        out.write(b, 0, b.length);
        return this;
    }

    public Bytes utf16z(String s) {
        raw(s.getBytes(StandardCharsets.UTF_16LE));
        return u16(0);
    }

    public Bytes ansiz(String s) {
        raw(s.getBytes(StandardCharsets.ISO_8859_1));
        return u8(0);
    }

    /** A SID in binary form: revision 1, authority, sub-authorities. */
    public Bytes sid(String text) {
        String[] parts = text.split("-");
        long authority = Long.parseLong(parts[2]);
        u8(1).u8(parts.length - 3);
        for (int i = 5; i >= 0; i--) {
            u8((int) (authority >>> (8 * i)) & 0xff);
        }
        for (int i = 3; i < parts.length; i++) {
            u32(Long.parseLong(parts[i]));
        }
        return this;
    }

    /** A classic kernel SID property: TOKEN_USER (pointer to the SID, attributes) then the SID. */
    public Bytes tokenUserSid(String text) {
        ptr(0xFFFFA0001234L).ptr(0);
        return sid(text);
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
