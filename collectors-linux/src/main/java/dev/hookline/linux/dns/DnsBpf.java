package dev.hookline.linux.dns;

import dev.hookline.linux.jna.SocketFilter;

import com.sun.jna.Memory;

/**
 * The classic BPF program attached to the AF_PACKET SOCK_DGRAM socket (packet data starts at the network
 * header): keep IPv4/IPv6 UDP or TCP packets from source port 53 that are not this host's own outgoing copies
 * (loopback shows each packet twice; answers this host sends to others are not its processes' lookups). IPv6
 * packets with extension headers are passed up and decided in Java, which walks the header chain.
 */
final class DnsBpf {
    private DnsBpf() {
    }

    private static final int LD_W_ABS = 0x20;
    private static final int LD_H_ABS = 0x28;
    private static final int LD_B_ABS = 0x30;
    private static final int LD_H_IND = 0x48;
    private static final int LDX_B_MSH = 0xb1;
    private static final int JEQ_K = 0x15;
    private static final int JSET_K = 0x45;
    private static final int RET_K = 0x06;
    private static final int SKF_AD_OFF = -0x1000;
    private static final int SKF_AD_PROTOCOL = 0;
    private static final int SKF_AD_PKTTYPE = 4;
    private static final int PACKET_OUTGOING = 4;
    static final int SNAPLEN = 65535;

    private static final int V4 = 5;
    private static final int V6 = 13;
    private static final int V6PORT = 20;
    private static final int ACCEPT = 22;
    private static final int DROP = 23;

    /** {code, jt, jf, k} rows; jumps are written as absolute targets and made relative in {@link #row}. */
    static int[][] program() {
        return new int[][]{
                row(0, LD_W_ABS, 0, 0, SKF_AD_OFF + SKF_AD_PKTTYPE),
                row(1, JEQ_K, DROP, 2, PACKET_OUTGOING),
                row(2, LD_W_ABS, 0, 0, SKF_AD_OFF + SKF_AD_PROTOCOL),
                row(3, JEQ_K, V4, 4, 0x0800),
                row(4, JEQ_K, V6, DROP, 0x86dd),
                row(5, LD_B_ABS, 0, 0, 9),
                row(6, JEQ_K, 8, 7, 17),
                row(7, JEQ_K, 8, DROP, 6),
                row(8, LD_H_ABS, 0, 0, 6),
                row(9, JSET_K, DROP, 10, 0x1fff),
                row(10, LDX_B_MSH, 0, 0, 0),
                row(11, LD_H_IND, 0, 0, 0),
                row(12, JEQ_K, ACCEPT, DROP, 53),
                row(13, LD_B_ABS, 0, 0, 6),
                row(14, JEQ_K, V6PORT, 15, 17),
                row(15, JEQ_K, V6PORT, 16, 6),
                row(16, JEQ_K, ACCEPT, 17, 0),
                row(17, JEQ_K, ACCEPT, 18, 43),
                row(18, JEQ_K, ACCEPT, 19, 44),
                row(19, JEQ_K, ACCEPT, DROP, 60),
                row(20, LD_H_ABS, 0, 0, 40),
                row(21, JEQ_K, ACCEPT, DROP, 53),
                row(22, RET_K, 0, 0, SNAPLEN),
                row(23, RET_K, 0, 0, 0),
        };
    }

    private static int[] row(int at, int code, int jtTarget, int jfTarget, int k) {
        return SocketFilter.row(at, code, jtTarget, jfTarget, k);
    }

    /** struct sock_fprog {u16 len; struct sock_filter *filter;} plus the filter rows; keep the result alive while attaching. */
    static Memory[] fprog() {
        return SocketFilter.fprog(program());
    }

}
