package dev.hookline.net;

/**
 * MDE's RemoteIPType / LocalIPType for an address. Microsoft publishes no range table, so the mapping follows the
 * IANA special-purpose address registries (RFC 6890, updated by RFC 8190 and later entries); each range is listed
 * below with the type it maps to. The order matters: more specific ranges are tested first.
 *
 * <pre>
 * IPv4                                   type              source
 * 255.255.255.255/32  limited broadcast  Broadcast         RFC 919, 8190
 * 0.0.0.0/8           "this network"     Reserved          RFC 791
 * 10.0.0.0/8          private-use        Private           RFC 1918
 * 100.64.0.0/10       shared (CGN)       Private           RFC 6598 (not globally reachable)
 * 127.0.0.0/8         loopback           Loopback          RFC 1122
 * 169.254.0.0/16      link local         LinkLocal         RFC 3927
 * 172.16.0.0/12       private-use        Private           RFC 1918
 * 192.0.0.0/24        IETF assignments   Reserved          RFC 6890
 * 192.0.2.0/24        TEST-NET-1         Reserved          RFC 5737
 * 192.88.99.0/24      6to4 relay anycast Reserved          RFC 7526 (deprecated)
 * 192.168.0.0/16      private-use        Private           RFC 1918
 * 198.18.0.0/15       benchmarking       Reserved          RFC 2544
 * 198.51.100.0/24     TEST-NET-2         Reserved          RFC 5737
 * 203.0.113.0/24      TEST-NET-3         Reserved          RFC 5737
 * 224.0.0.0/4         multicast          Multicast         RFC 5771
 * 240.0.0.0/4         future use         Reserved          RFC 1112
 * everything else (incl. AS112 192.31.196/24, 192.175.48/24, AMT 192.52.193/24)   Public
 *
 * IPv6
 * ::/128              unspecified        Reserved          RFC 4291
 * ::1/128             loopback           Loopback          RFC 4291
 * ::ffff:0:0/96       IPv4-mapped        FourToSixMapping  RFC 4291
 * 64:ff9b:1::/48      local NAT64        Private           RFC 8215
 * 64:ff9b::/96        NAT64 well-known   Public            RFC 6052 (globally reachable)
 * 100::/64            discard-only       Reserved          RFC 6666
 * 2001::/32           Teredo             Teredo            RFC 4380
 * 2001:1::1/128, 2001:1::2/128, 2001:3::/32, 2001:4:112::/48, 2001:20::/28
 *                     global anycast/AMT/AS112/ORCHIDv2    Public (globally reachable per IANA)
 * 2001::/23 (rest)    IETF assignments   Reserved          RFC 2928
 * 2001:db8::/32       documentation      Reserved          RFC 3849
 * 3fff::/20           documentation      Reserved          RFC 9637
 * 5f00::/16           SRv6 SIDs          Reserved          RFC 9602
 * fc00::/7            unique local       Private           RFC 4193
 * fec0::/10           site local         Private           RFC 3879 (deprecated, still private)
 * fe80::/10           link local         LinkLocal         RFC 4291
 * ff00::/8            multicast          Multicast         RFC 4291
 * 2000::/3 (rest)     global unicast     Public            RFC 4291
 * anything else       unassigned         Reserved
 * </pre>
 * A 2002::/16 6to4 address is global unicast and reported Public. IPv6 has no broadcast.
 */
public final class IpClassifier {
    public static final String PUBLIC = "Public";
    public static final String PRIVATE = "Private";
    public static final String LOOPBACK = "Loopback";
    public static final String LINK_LOCAL = "LinkLocal";
    public static final String RESERVED = "Reserved";
    public static final String MULTICAST = "Multicast";
    public static final String BROADCAST = "Broadcast";
    public static final String FOUR_TO_SIX_MAPPING = "FourToSixMapping";
    public static final String TEREDO = "Teredo";

    private IpClassifier() {
    }

    /** Type of a 4- or 16-byte address in network order; null for any other length. */
    public static String classify(byte[] addr) {
        if (addr == null) {
            return null;
        }
        if (addr.length == 4) {
            return classifyV4(((addr[0] & 0xff) << 24) | ((addr[1] & 0xff) << 16) | ((addr[2] & 0xff) << 8) | (addr[3] & 0xff));
        }
        if (addr.length == 16) {
            return classifyV6(addr);
        }
        return null;
    }

    /** Type of a textual IPv4 or IPv6 address; null when it is not an IP literal. */
    public static String classify(String ip) {
        return classify(IpText.parse(ip));
    }

    static boolean in(int a, int prefix, int bits) {
        if (bits == 0) {
            return true;
        }
        int mask = -1 << (32 - bits);
        return (a & mask) == (prefix & mask);
    }

    private static int v4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    public static String classifyV4(int a) {
        if (a == -1) {
            return BROADCAST;
        }
        if (in(a, v4(127, 0, 0, 0), 8)) {
            return LOOPBACK;
        }
        if (in(a, v4(10, 0, 0, 0), 8) || in(a, v4(172, 16, 0, 0), 12) || in(a, v4(192, 168, 0, 0), 16)
                || in(a, v4(100, 64, 0, 0), 10)) {
            return PRIVATE;
        }
        if (in(a, v4(169, 254, 0, 0), 16)) {
            return LINK_LOCAL;
        }
        if (in(a, v4(224, 0, 0, 0), 4)) {
            return MULTICAST;
        }
        if (in(a, v4(0, 0, 0, 0), 8) || in(a, v4(192, 0, 0, 0), 24) || in(a, v4(192, 0, 2, 0), 24)
                || in(a, v4(192, 88, 99, 0), 24) || in(a, v4(198, 18, 0, 0), 15) || in(a, v4(198, 51, 100, 0), 24)
                || in(a, v4(203, 0, 113, 0), 24) || in(a, v4(240, 0, 0, 0), 4)) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static int word(byte[] a, int i) {
        return ((a[i] & 0xff) << 8) | (a[i + 1] & 0xff);
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    public static String classifyV6(byte[] a) {
        int w0 = word(a, 0);
        int w1 = word(a, 2);
        if (zero(a, 0, 15)) {
            return a[15] == 1 ? LOOPBACK : RESERVED; // ::1, or :: and the deprecated IPv4-compatible ::/96
        }
        if (zero(a, 0, 10) && word(a, 10) == 0xffff) {
            return FOUR_TO_SIX_MAPPING;
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            if (word(a, 4) == 0x0001) {
                return PRIVATE;
            }
            return zero(a, 4, 12) ? PUBLIC : RESERVED;
        }
        if (w0 == 0x0100 && zero(a, 2, 8)) {
            return RESERVED;
        }
        if (w0 == 0x2001) {
            if (w1 == 0x0000) {
                return TEREDO;
            }
            if (w1 == 0x0db8) {
                return RESERVED;
            }
            if (w1 < 0x0200) { // 2001::/23
                boolean anycast = w1 == 0x0001 && zero(a, 4, 15) && (a[15] == 1 || a[15] == 2);
                boolean amt = w1 == 0x0003;
                boolean as112 = w1 == 0x0004 && word(a, 4) == 0x0112;
                boolean orchid2 = (w1 & 0xfff0) == 0x0020;
                return anycast || amt || as112 || orchid2 ? PUBLIC : RESERVED;
            }
            return PUBLIC;
        }
        if (w0 == 0x3fff && (w1 & 0xf000) == 0) {
            return RESERVED;
        }
        if (w0 == 0x5f00) {
            return RESERVED;
        }
        if ((w0 & 0xfe00) == 0xfc00) {
            return PRIVATE;
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return LINK_LOCAL;
        }
        if ((w0 & 0xffc0) == 0xfec0) {
            return PRIVATE;
        }
        if ((w0 & 0xff00) == 0xff00) {
            return MULTICAST;
        }
        if ((w0 & 0xe000) == 0x2000) {
            return PUBLIC;
        }
        return RESERVED;
    }
}
