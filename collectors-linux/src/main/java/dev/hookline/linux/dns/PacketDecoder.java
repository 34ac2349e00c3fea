package dev.hookline.linux.dns;

/**
 * Finds the DNS message inside a packet captured from the network layer up (AF_PACKET SOCK_DGRAM): IPv4 or IPv6
 * (walking IPv6 extension headers), then UDP or TCP from source port 53. TCP carries the message behind a
 * 2-byte length; only a segment that holds a whole message is decoded (reassembly across segments is not done
 * and counted as partial). After {@link #decode} returns {@link Kind#DNS}, {@link #offset()} and
 * {@link #length()} delimit the message. Not thread-safe.
 */
public final class PacketDecoder {
    public enum Kind { DNS, NOT_DNS, MALFORMED, TCP_PARTIAL }

    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private int offset;
    private int length;

    public Kind decode(byte[] p, int len) {
        if (len < 1 || len > p.length) {
            return Kind.MALFORMED;
        }
        int version = (p[0] & 0xff) >> 4;
        int proto;
        int l4;
        int l4end;
        if (version == 4) {
            if (len < 20) {
                return Kind.MALFORMED;
            }
            int ihl = (p[0] & 0x0f) * 4;
            int total = u16(p, 2);
            if (ihl < 20 || total < ihl || total > len) {
                return Kind.MALFORMED;
            }
            int frag = u16(p, 6);
            if ((frag & 0x1fff) != 0) {
                return Kind.NOT_DNS; // a later fragment: no transport header to read
            }
            if ((frag & 0x2000) != 0) {
                return Kind.MALFORMED; // first of several fragments: the message is incomplete here
            }
            proto = p[9] & 0xff;
            l4 = ihl;
            l4end = total;
        } else if (version == 6) {
            if (len < 40) {
                return Kind.MALFORMED;
            }
            l4end = 40 + u16(p, 4);
            if (l4end > len) {
                return Kind.MALFORMED;
            }
            proto = p[6] & 0xff;
            l4 = 40;
            for (int hops = 0; hops < 8; hops++) {
                if (proto == 0 || proto == 43 || proto == 60) {
                    if (l4 + 2 > l4end) {
                        return Kind.MALFORMED;
                    }
                    int next = p[l4] & 0xff;
                    l4 += 8 + (p[l4 + 1] & 0xff) * 8;
                    proto = next;
                } else if (proto == 44) {
                    if (l4 + 8 > l4end) {
                        return Kind.MALFORMED;
                    }
                    int fragOff = u16(p, l4 + 2);
                    if ((fragOff & 0xfff8) != 0) {
                        return Kind.NOT_DNS;
                    }
                    if ((fragOff & 1) != 0) {
                        return Kind.MALFORMED;
                    }
                    proto = p[l4] & 0xff;
                    l4 += 8;
                } else {
                    break;
                }
            }
            if (l4 > l4end) {
                return Kind.MALFORMED;
            }
        } else {
            return Kind.NOT_DNS;
        }
        if (proto == PROTO_UDP) {
            if (l4 + 8 > l4end) {
                return Kind.MALFORMED;
            }
            if (u16(p, l4) != 53) {
                return Kind.NOT_DNS;
            }
            int ulen = u16(p, l4 + 4);
            if (ulen < 8 || l4 + ulen > l4end) {
                return Kind.MALFORMED;
            }
            offset = l4 + 8;
            length = ulen - 8;
            return Kind.DNS;
        }
        if (proto == PROTO_TCP) {
            if (l4 + 20 > l4end) {
                return Kind.MALFORMED;
            }
            if (u16(p, l4) != 53) {
                return Kind.NOT_DNS;
            }
            int doff = ((p[l4 + 12] & 0xff) >> 4) * 4;
            if (doff < 20 || l4 + doff > l4end) {
                return Kind.MALFORMED;
            }
            int data = l4 + doff;
            int dataLen = l4end - data;
            if (dataLen == 0) {
                return Kind.NOT_DNS; // handshake, ack or fin
            }
            if (dataLen < 2) {
                return Kind.TCP_PARTIAL;
            }
            int msgLen = u16(p, data);
            if (msgLen > dataLen - 2) {
                return Kind.TCP_PARTIAL;
            }
            offset = data + 2;
            length = msgLen;
            return Kind.DNS;
        }
        return Kind.NOT_DNS;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    private static int u16(byte[] m, int p) {
        return ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
    }
}
