package dev.hookline.linux.dns;

/**
 * IP addresses as cache keys: IPv4 dotted quad, IPv6 in RFC 5952 form (lowercase, longest zero run as "::"),
 * IPv4-mapped IPv6 folded to IPv4. Callers may pass any textual form to {@link #normalize(String)}; the same
 * address always yields the same key, whatever tool printed it.
 */
public final class IpText {
    private IpText() {
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
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[off + 2 * i] & 0xff) << 8) | (a[off + 2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
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
        byte[] b = new byte[16];
        if (s.indexOf(':') < 0) {
            return parseV4(s, b, 0) ? format(b, 0, 4) : null;
        }
        return parseV6(s, b) ? format(b, 0, 16) : null;
    }

    private static boolean parseV4(String s, byte[] out, int off) {
        int part = 0;
        int val = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (val < 0 || part > 3) {
                    return false;
                }
                out[off + part++] = (byte) val;
                val = -1;
            } else if (c >= '0' && c <= '9') {
                val = (val < 0 ? 0 : val * 10) + (c - '0');
                if (val > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return part == 4;
    }

    private static boolean parseV6(String s, byte[] out) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return false;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] hg = new int[8];
        int hn = groups(head, hg, 0, out);
        if (hn < 0) {
            return false;
        }
        int[] tg = new int[8];
        int tn = groups(tail, tg, 0, out);
        if (tn < 0 || hn + tn > 8 || (dbl < 0 && hn != 8) || (dbl >= 0 && hn + tn > 7)) {
            return false;
        }
        int[] g = new int[8];
        System.arraycopy(hg, 0, g, 0, hn);
        System.arraycopy(tg, 0, g, 8 - tn, tn);
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (g[i] >> 8);
            out[2 * i + 1] = (byte) g[i];
        }
        return true;
    }

    /** Parses colon-separated hex groups (the last may be a dotted IPv4, counting as two). Returns the count or -1. */
    private static int groups(String s, int[] g, int n, byte[] scratch) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = new byte[4];
                if (n + 2 > 8 || !parseV4(p, v4, 0)) {
                    return -1;
                }
                g[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                g[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || n >= 8) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            g[n++] = v;
        }
        return n;
    }
}
