package dev.hookline.macos.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes {@code struct socket_fdinfo} (PROC_PIDFDSOCKETINFO) by explicit offsets from xnu bsd/sys/proc_info.h,
 * little-endian (every Mac that runs macOS 13: x86_64 and arm64). Layout, checked by SocketFdInfoTest:
 * <pre>
 * socket_fdinfo   = proc_fileinfo pfi (24) + socket_info psi (768)            = 792
 * proc_fileinfo   = u32 openflags, u32 status, off_t offset, i32 type, u32 guardflags = 24
 * socket_info @24 : vinfo_stat soi_stat (136) @0, u64 soi_so @136, u64 soi_pcb @144, int soi_type @152,
 *                   int soi_protocol @156, int soi_family @160, 8 shorts @164..179, u32 soi_oobmark @180,
 *                   sockbuf_info soi_rcv (24) @184, soi_snd (24) @208, int soi_kind @232, u32 rfu @236,
 *                   union soi_proto @240 (528: the largest member is un_sockinfo, 8+8+255+255 → 528)
 * in_sockinfo     : int insi_fport @0, int insi_lport @4, u64 gencnt @8, u32 flags @16, u32 flow @20,
 *                   u8 insi_vflag @24 (INI_IPV4 1, INI_IPV6 2), u8 ttl @25, u32 rfu @28,
 *                   insi_faddr @32 (16: in6_addr, or in4in6_addr with the IPv4 address in its last 4 bytes),
 *                   insi_laddr @48 (16), insi_v4 @64, insi_v6 @68..79                          = 80
 * tcp_sockinfo    : in_sockinfo @0, int tcpsi_state @80, ...                                   = 120
 * </pre>
 * Ports are stored as the kernel's network-order u_short widened into an int: the port is the first two bytes of
 * the field in big-endian order.
 */
public final class SocketFdInfo {
    public static final int PROC_FILEINFO_SIZE = 24;
    public static final int VINFO_STAT_SIZE = 136;
    public static final int SOCKET_INFO_SIZE = 768;
    public static final int SIZE = PROC_FILEINFO_SIZE + SOCKET_INFO_SIZE;

    static final int PSI = PROC_FILEINFO_SIZE;
    static final int SOI_TYPE = PSI + 152;
    static final int SOI_PROTOCOL = PSI + 156;
    static final int SOI_FAMILY = PSI + 160;
    static final int SOI_KIND = PSI + 232;
    static final int SOI_PROTO = PSI + 240;
    static final int INSI_FPORT = SOI_PROTO;
    static final int INSI_LPORT = SOI_PROTO + 4;
    static final int INSI_VFLAG = SOI_PROTO + 24;
    static final int INSI_FADDR = SOI_PROTO + 32;
    static final int INSI_LADDR = SOI_PROTO + 48;
    static final int IN_SOCKINFO_SIZE = 80;
    static final int TCPSI_STATE = SOI_PROTO + IN_SOCKINFO_SIZE;

    public static final int SOCKINFO_IN = 1;
    public static final int SOCKINFO_TCP = 2;
    public static final int INI_IPV4 = 0x1;
    public static final int INI_IPV6 = 0x2;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 30;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int TSI_S_LISTEN = 1;
    public static final int TSI_S_SYN_SENT = 2;
    public static final int TSI_S_ESTABLISHED = 4;

    private SocketFdInfo() {
    }

    /**
     * The IP endpoint pair of an AF_INET/AF_INET6 socket, or null for anything else (unix sockets, kernel
     * control sockets, a buffer too short).
     */
    public static Socket decode(byte[] buf, int len) {
        if (buf == null || len < TCPSI_STATE + 4 || buf.length < len) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.LITTLE_ENDIAN);
        int family = b.getInt(SOI_FAMILY);
        int kind = b.getInt(SOI_KIND);
        if ((family != AF_INET && family != AF_INET6) || (kind != SOCKINFO_IN && kind != SOCKINFO_TCP)) {
            return null;
        }
        int vflag = buf[INSI_VFLAG] & 0xff;
        boolean v4 = (vflag & INI_IPV4) != 0;
        byte[] remote = addr(buf, INSI_FADDR, v4);
        byte[] local = addr(buf, INSI_LADDR, v4);
        int protocol = b.getInt(SOI_PROTOCOL);
        int tcpState = kind == SOCKINFO_TCP ? b.getInt(TCPSI_STATE) : -1;
        return new Socket(protocol, b.getInt(SOI_TYPE), local, port(buf, INSI_LPORT), remote, port(buf, INSI_FPORT),
                tcpState);
    }

    static int port(byte[] buf, int off) {
        return ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
    }

    private static byte[] addr(byte[] buf, int off, boolean v4) {
        byte[] a = new byte[v4 ? 4 : 16];
        System.arraycopy(buf, v4 ? off + 12 : off, a, 0, a.length);
        return a;
    }

    /**
     * @param protocol IPPROTO_TCP / IPPROTO_UDP (soi_protocol)
     * @param type     SOCK_STREAM 1 / SOCK_DGRAM 2
     * @param tcpState TSI_S_* for TCP sockets, -1 otherwise
     */
    public record Socket(int protocol, int type, byte[] localAddress, int localPort, byte[] remoteAddress,
                         int remotePort, int tcpState) {
        public boolean hasRemote() {
            if (remotePort == 0) {
                return false;
            }
            for (byte x : remoteAddress) {
                if (x != 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
