package dev.hookline.macos.net;

import dev.hookline.net.IpText;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * struct socket_fdinfo decoding against byte fixtures laid out field by field from xnu bsd/sys/proc_info.h,
 * plus the size arithmetic of the documented layout.
 */
class SocketFdInfoTest {

    @Test
    void documentedLayoutSizesAndOffsetsAddUp() {
        // proc_fileinfo: u32 + u32 + off_t + i32 + u32
        assertEquals(4 + 4 + 8 + 4 + 4, SocketFdInfo.PROC_FILEINFO_SIZE);
        // vinfo_stat: u32 dev, u16 mode, u16 nlink, u64 ino, uid, gid, 8 x i64 times, off_t size, i64 blocks,
        // i32 blksize, u32 flags, u32 gen, u32 rdev, i64 qspare[2]
        assertEquals(4 + 2 + 2 + 8 + 4 + 4 + 8 * 8 + 8 + 8 + 4 + 4 + 4 + 4 + 16, SocketFdInfo.VINFO_STAT_SIZE);
        int sockbufInfo = 5 * 4 + 2 + 2;
        int beforeProto = SocketFdInfo.VINFO_STAT_SIZE + 8 + 8 + 4 * 3 + 2 * 8 + 4 + 2 * sockbufInfo + 4 + 4;
        assertEquals(240, beforeProto);
        int unSockinfo = 8 + 8 + 255 + 255; // SOCK_MAXADDRLEN 255 each
        int union = (unSockinfo + 7) / 8 * 8;
        assertEquals(528, union);
        assertEquals(beforeProto + union, SocketFdInfo.SOCKET_INFO_SIZE);
        assertEquals(792, SocketFdInfo.SIZE);
        // in_sockinfo: 2 ints, u64, 2 u32, 2 u8 + pad, u32 rfu @28, 2 x 16-byte addresses, v4 (4), v6 (12)
        assertEquals(80, SocketFdInfo.IN_SOCKINFO_SIZE);
        assertEquals(SocketFdInfo.SOI_PROTO + 80, SocketFdInfo.TCPSI_STATE);
        assertEquals(24 + 160, SocketFdInfo.SOI_FAMILY);
        assertEquals(24 + 232, SocketFdInfo.SOI_KIND);
    }

    /** Builds a socket_fdinfo the way the kernel fills it (little-endian host, ports in network order). */
    static byte[] fixture(int family, int kind, int protocol, int type, int vflag, byte[] laddr, int lport,
                          byte[] faddr, int fport, int tcpState) {
        byte[] b = new byte[SocketFdInfo.SIZE];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(24 + 152, type);
        bb.putInt(24 + 156, protocol);
        bb.putInt(24 + 160, family);
        bb.putInt(24 + 232, kind);
        int in = 24 + 240;
        // insi_fport / insi_lport: a network-order u_short stored in an int
        b[in] = (byte) (fport >> 8);
        b[in + 1] = (byte) fport;
        b[in + 4] = (byte) (lport >> 8);
        b[in + 5] = (byte) lport;
        b[in + 24] = (byte) vflag;
        if (faddr.length == 4) {
            System.arraycopy(faddr, 0, b, in + 32 + 12, 4); // in4in6_addr: 3 pad words, then the address
            System.arraycopy(laddr, 0, b, in + 48 + 12, 4);
        } else {
            System.arraycopy(faddr, 0, b, in + 32, 16);
            System.arraycopy(laddr, 0, b, in + 48, 16);
        }
        bb.putInt(in + 80, tcpState);
        return b;
    }

    @Test
    void ipv4TcpEstablished() {
        byte[] b = fixture(2, 2, 6, 1, 1, new byte[] {10, 0, 0, 5}, 52344, new byte[] {(byte) 140, 82, 112, 3}, 443, 4);
        SocketFdInfo.Socket s = SocketFdInfo.decode(b, b.length);
        assertEquals(6, s.protocol());
        assertArrayEquals(new byte[] {10, 0, 0, 5}, s.localAddress());
        assertEquals(52344, s.localPort());
        assertArrayEquals(new byte[] {(byte) 140, 82, 112, 3}, s.remoteAddress());
        assertEquals(443, s.remotePort());
        assertEquals(SocketFdInfo.TSI_S_ESTABLISHED, s.tcpState());
        assertTrue(s.hasRemote());
    }

    @Test
    void ipv6UdpConnected() {
        byte[] local = new byte[16];
        local[15] = 1;
        byte[] remote = new byte[16];
        remote[0] = 0x26;
        remote[1] = 0x06;
        remote[2] = 0x47;
        remote[3] = 0x00;
        remote[15] = 0x11;
        byte[] b = fixture(30, 1, 17, 2, 2, local, 5353, remote, 53, 0);
        SocketFdInfo.Socket s = SocketFdInfo.decode(b, b.length);
        assertEquals(17, s.protocol());
        assertEquals(-1, s.tcpState(), "not a TCP socket");
        assertEquals("2606:4700::11", IpText.format(s.remoteAddress()));
        assertEquals(53, s.remotePort());
    }

    @Test
    void listeningSocketHasNoRemote() {
        byte[] b = fixture(2, 2, 6, 1, 1, new byte[4], 8080, new byte[4], 0, 1);
        assertFalse(SocketFdInfo.decode(b, b.length).hasRemote());
    }

    @Test
    void nonIpSocketsAndShortBuffersAreNotDecoded() {
        byte[] unix = fixture(1, 3, 0, 1, 0, new byte[4], 0, new byte[4], 0, 0);
        assertNull(SocketFdInfo.decode(unix, unix.length));
        byte[] ok = fixture(2, 2, 6, 1, 1, new byte[4], 1, new byte[] {1, 1, 1, 1}, 2, 4);
        assertNull(SocketFdInfo.decode(ok, 300));
        assertNull(SocketFdInfo.decode(null, 0));
    }
}
