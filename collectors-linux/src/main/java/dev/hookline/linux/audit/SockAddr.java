package dev.hookline.linux.audit;

/**
 * The SOCKADDR record's saddr: the raw struct sockaddr in hex. Family is host order (little endian on the
 * supported architectures), the port network order. sockaddr_in: family, port, 4-byte address; sockaddr_in6:
 * family, port, flowinfo, 16-byte address, scope id. Other families (AF_UNIX, AF_NETLINK...) are not IP: null.
 */
public record SockAddr(int family, byte[] address, int port) {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    /** The family of a hex saddr, or -1 when it is too short or not hex. */
    public static int family(String hex) {
        byte[] b = hex == null ? null : AuditFields.unhex(hex.length() >= 4 ? hex.substring(0, 4) : hex);
        return b == null || b.length < 2 ? -1 : (b[0] & 0xff) | ((b[1] & 0xff) << 8);
    }

    public static SockAddr parse(String hex) {
        if (hex == null || hex.length() > 512) {
            return null;
        }
        byte[] b = AuditFields.unhex(hex);
        if (b == null || b.length < 2) {
            return null;
        }
        return parse(b, b.length);
    }

    public static SockAddr parse(byte[] b, int len) {
        if (len < 2) {
            return null;
        }
        int family = (b[0] & 0xff) | ((b[1] & 0xff) << 8);
        if (family == AF_INET && len >= 8) {
            byte[] a = new byte[4];
            System.arraycopy(b, 4, a, 0, 4);
            return new SockAddr(family, a, ((b[2] & 0xff) << 8) | (b[3] & 0xff));
        }
        if (family == AF_INET6 && len >= 24) {
            byte[] a = new byte[16];
            System.arraycopy(b, 8, a, 0, 16);
            return new SockAddr(family, a, ((b[2] & 0xff) << 8) | (b[3] & 0xff));
        }
        return null;
    }
}
