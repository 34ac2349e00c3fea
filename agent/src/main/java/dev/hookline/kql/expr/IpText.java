package dev.hookline.kql.expr;

/**
 * Allocation-free parsing of IP text as Kusto's ipv4_* and ipv6_* functions read it: dotted-quad IPv4 (four
 * decimal parts 0-255, no spaces) and RFC 4291 IPv6 text (hex groups, one "::", an optional trailing dotted quad),
 * each with an optional "/prefix" (IP-prefix notation: 0-32 for IPv4, 0-128 for IPv6). Anything else is invalid,
 * which the functions turn into null. An IPv4 address read as IPv6 is its IPv4-mapped form ::ffff:a.b.c.d.
 */
public final class IpText {
    public static final long INVALID = -1;

    private IpText() {
    }

    /** IPv4 as (prefix << 32) | address, prefix 32 when absent; or INVALID. */
    public static long v4(String s) {
        if (s == null) {
            return INVALID;
        }
        int n = s.length();
        int slash = s.indexOf('/');
        int end = slash < 0 ? n : slash;
        long addr = dottedQuad(s, 0, end);
        if (addr < 0) {
            return INVALID;
        }
        int prefix = 32;
        if (slash >= 0) {
            prefix = smallNumber(s, slash + 1, n, 32);
            if (prefix < 0) {
                return INVALID;
            }
        }
        return ((long) prefix << 32) | addr;
    }

    public static long v4Address(long parsed) {
        return parsed & 0xFFFF_FFFFL;
    }

    public static int v4Prefix(long parsed) {
        return (int) (parsed >>> 32);
    }

    /** Mask of the top `prefix` bits of a 32-bit address. */
    public static long v4Mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }

    /** a.b.c.d between from and to as an unsigned 32-bit value, or -1. */
    static long dottedQuad(String s, int from, int to) {
        long v = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int part = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                part = part * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || part > 255) {
                return -1;
            }
            v = (v << 8) | part;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? v : -1;
    }

    private static int smallNumber(String s, int from, int to, int max) {
        if (from >= to || to - from > 3) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }

    /**
     * IPv6 into out[0] (high 64 bits), out[1] (low 64 bits), out[2] (prefix, 128 when absent). Returns false when
     * the text is not an address.
     */
    public static boolean v6(String s, long[] out) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int n = s.length();
        int slash = s.indexOf('/');
        int end = slash < 0 ? n : slash;
        if (s.indexOf(':') < 0) {
            long a = dottedQuad(s, 0, end);
            if (a < 0) {
                return false;
            }
            out[0] = 0;
            out[1] = 0xFFFF_0000_0000L | a;
            int p = 128;
            if (slash >= 0) {
                p = smallNumber(s, slash + 1, n, 32);
                if (p < 0) {
                    return false;
                }
                p += 96;
            }
            out[2] = p;
            return true;
        }
        // pass 1 counts the groups and finds "::"; pass 2 puts each group at its final position
        long shape = scan(s, end, -1, 0, out);
        if (shape < 0) {
            return false;
        }
        int groups = (int) (shape & 0xFF);
        int gap = (int) (shape >> 8) - 1;
        if (gap < 0 && groups != 8 || gap >= 0 && groups > 7) {
            return false;
        }
        out[0] = 0;
        out[1] = 0;
        scan(s, end, gap, gap < 0 ? 0 : 8 - groups, out);
        int p = 128;
        if (slash >= 0) {
            p = smallNumber(s, slash + 1, n, 128);
            if (p < 0) {
                return false;
            }
        }
        out[2] = p;
        return true;
    }

    /**
     * Walks the groups of IPv6 text. Counting (gap == -1 on entry and skip == 0): returns groups | (gapIndex + 1)
     * << 8, or -1 when malformed. Placing (gap known): ORs each group into out[0..1], groups after the gap shifted
     * by skip positions.
     */
    private static long scan(String s, int end, int gapAt, int skip, long[] out) {
        int groups = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == end) {
                return 1L << 8;
            }
        } else if (s.charAt(0) == ':') {
            return -1;
        }
        while (true) {
            int start = i;
            int v = 0;
            while (i < end && i - start < 5 && hex(s.charAt(i)) >= 0) {
                v = (v << 4) | hex(s.charAt(i));
                i++;
            }
            if (i < end && s.charAt(i) == '.') {
                long q = dottedQuad(s, start, end);
                if (q < 0 || groups > 6) {
                    return -1;
                }
                place(out, groups, gap, skip, (int) (q >>> 16));
                place(out, groups + 1, gap, skip, (int) (q & 0xFFFF));
                groups += 2;
                break;
            }
            if (i == start || i - start > 4 || groups >= 8) {
                return -1;
            }
            place(out, groups, gap, skip, v);
            groups++;
            if (i == end) {
                break;
            }
            if (s.charAt(i) != ':') {
                return -1;
            }
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return -1;
                }
                gap = groups;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return -1;
            }
        }
        return groups | ((long) (gap + 1) << 8);
    }

    /** Puts group k (counted in the text) at its address position: after the "::" it moves right by skip. */
    private static void place(long[] out, int k, int gap, int skip, int v) {
        int pos = gap >= 0 && k >= gap ? k + skip : k;
        if (pos > 7) {
            return; // only possible while counting; the count rejects it
        }
        if (pos < 4) {
            out[0] |= (long) v << (16 * (3 - pos));
        } else {
            out[1] |= (long) v << (16 * (7 - pos));
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Whether a and b (hi, lo pairs) agree on their top `prefix` bits. */
    public static boolean v6SamePrefix(long aHi, long aLo, long bHi, long bLo, int prefix) {
        if (prefix <= 64) {
            long m = prefix == 0 ? 0 : -1L << (64 - prefix);
            return (aHi & m) == (bHi & m);
        }
        long m = -1L << (128 - prefix);
        if (prefix == 128) {
            m = -1L;
        }
        return aHi == bHi && (aLo & m) == (bLo & m);
    }
}
