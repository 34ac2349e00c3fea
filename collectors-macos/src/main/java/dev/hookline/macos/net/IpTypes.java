package dev.hookline.macos.net;

/**
 * Stand-in for the agent's shared IP helpers until the branch that moves them (dev.hookline.net.IpClassifier and
 * IpText, from the Windows work) is merged; then {@link #type} and {@link #text} should just call those. This
 * covers the common ranges only (IANA special-purpose registries): loopback, RFC 1918 / CGN / ULA private,
 * link-local, multicast, limited broadcast, IPv4-mapped IPv6, unspecified and documentation as Reserved,
 * everything else Public.
 */
public final class IpTypes {
    private IpTypes() {
    }

    public static String type(byte[] a) {
        if (a == null) {
            return null;
        }
        if (a.length == 4) {
            int b0 = a[0] & 0xff;
            int b1 = a[1] & 0xff;
            int b2 = a[2] & 0xff;
            if (b0 == 255 && b1 == 255 && b2 == 255 && (a[3] & 0xff) == 255) {
                return "Broadcast";
            }
            if (b0 == 127) {
                return "Loopback";
            }
            if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168) || (b0 == 100 && (b1 & 0xc0) == 64)) {
                return "Private";
            }
            if (b0 == 169 && b1 == 254) {
                return "LinkLocal";
            }
            if ((b0 & 0xf0) == 224) {
                return "Multicast";
            }
            if (b0 == 0 || (b0 & 0xf0) == 240 || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2))
                    || (b0 == 198 && (b1 & 0xfe) == 18) || (b0 == 198 && b1 == 51 && b2 == 100)
                    || (b0 == 203 && b1 == 0 && b2 == 113)) {
                return "Reserved";
            }
            return "Public";
        }
        if (a.length == 16) {
            boolean zero10 = true;
            for (int i = 0; i < 10; i++) {
                zero10 &= a[i] == 0;
            }
            if (zero10 && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
                return "FourToSixMapping";
            }
            boolean zero15 = zero10 && a[10] == 0 && a[11] == 0 && a[12] == 0 && a[13] == 0 && a[14] == 0;
            if (zero15) {
                return a[15] == 1 ? "Loopback" : "Reserved";
            }
            int w0 = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
            int w1 = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
            if ((w0 & 0xfe00) == 0xfc00) {
                return "Private";
            }
            if ((w0 & 0xffc0) == 0xfe80) {
                return "LinkLocal";
            }
            if ((w0 & 0xff00) == 0xff00) {
                return "Multicast";
            }
            if (w0 == 0x2001 && w1 == 0x0000) {
                return "Teredo";
            }
            if (w0 == 0x2001 && w1 == 0x0db8) {
                return "Reserved";
            }
            return (w0 & 0xe000) == 0x2000 ? "Public" : "Reserved";
        }
        return null;
    }

    /** Dotted quad, or RFC 5952 IPv6 text (lower case, longest zero run of two or more groups as "::"). */
    public static String text(byte[] a) {
        if (a == null) {
            return null;
        }
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        if (a.length != 16) {
            return null;
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
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
}
