package dev.hookline.net;

import java.util.Arrays;

/**
 * IP addresses as cache keys: IPv4 dotted quad, IPv6 in RFC 5952 form (lowercase, longest zero run as "::"),
 * IPv4-mapped IPv6 folded to IPv4. Callers may pass any textual form to {@link #normalize(String)}; the same
 * address always yields the same key, whatever tool printed it. Parsing and RFC 5952 text are
 * {@link IpText}'s; this class only adds the key rules (mapped → IPv4, brackets and zone ids).
 */
public final class IpKeys {
    private IpKeys() {
    }

    public static String format(byte[] a, int off, int len) {
        if (len == 4) {
            return (a[off] & 0xff) + "." + (a[off + 1] & 0xff) + "." + (a[off + 2] & 0xff) + "." + (a[off + 3] & 0xff);
        }
        if (len != 16) {
            throw new IllegalArgumentException("address length " + len);
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= a[off + i] == 0;
        }
        if (mapped && a[off + 10] == (byte) 0xff && a[off + 11] == (byte) 0xff) {
            return format(a, off + 12, 4);
        }
        return IpText.format(Arrays.copyOfRange(a, off, off + 16));
    }

    /** The canonical key for an IP literal, or null when the text is not one. Never resolves names. */
    public static String normalize(String ip) {
        if (ip == null) {
            return null;
        }
        String s = ip.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int pct = s.indexOf('%'); // zone id
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        byte[] b = IpText.parse(s);
        return b == null ? null : format(b, 0, b.length);
    }
}
