package dev.hookline.net;

/**
 * IP literals to and from bytes without name resolution (InetAddress may resolve, and it turns ::ffff:a.b.c.d into
 * an IPv4 address). IPv6 text follows RFC 5952: lower case, longest zero run compressed, and the IPv4-mapped form
 * ::ffff:a.b.c.d, which is how MDE shows such addresses.
 */
public final class IpText {
    private IpText() {
    }

    public static String format(byte[] a) {
        if (a == null) {
            return null;
        }
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        if (a.length != 16) {
            return null;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= a[i] == 0;
        }
        if (mapped && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return "::ffff:" + (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
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
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    /** Bytes of an IPv4 dotted quad or IPv6 literal (with optional embedded IPv4 tail); null when not a literal. */
    public static byte[] parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        return s.indexOf(':') < 0 ? parseV4(s) : parseV6(s);
    }

    private static byte[] parseV4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int val = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (val < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) val;
                val = -1;
            } else if (c >= '0' && c <= '9') {
                val = (val < 0 ? 0 : val * 10) + (c - '0');
                if (val > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] hw = groups(head);
        int[] tw = groups(tail);
        if (hw == null || tw == null) {
            return null;
        }
        int total = hw.length + tw.length;
        if ((dbl < 0 && total != 8) || (dbl >= 0 && total > 7)) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < hw.length; i++) {
            out[2 * i] = (byte) (hw[i] >> 8);
            out[2 * i + 1] = (byte) hw[i];
        }
        int off = 8 - tw.length;
        for (int i = 0; i < tw.length; i++) {
            out[2 * (off + i)] = (byte) (tw[i] >> 8);
            out[2 * (off + i) + 1] = (byte) tw[i];
        }
        return out;
    }

    /** 16-bit groups of a colon list; a trailing dotted quad counts as two groups. */
    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int n = parts.length;
        boolean v4tail = parts[n - 1].indexOf('.') >= 0;
        int[] out = new int[n + (v4tail ? 1 : 0)];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (i == n - 1 && v4tail) {
                byte[] q = parseV4(p);
                if (q == null) {
                    return null;
                }
                out[i] = ((q[0] & 0xff) << 8) | (q[1] & 0xff);
                out[i + 1] = ((q[2] & 0xff) << 8) | (q[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }
}
