package dev.hookline.linux.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * Classic BPF programs for SO_ATTACH_FILTER: rows written with absolute jump targets (easier to read and check)
 * and laid out as struct sock_fprog {u16 len; struct sock_filter *filter;}.
 */
public final class SocketFilter {
    private SocketFilter() {
    }

    /** A sock_filter row {code, jt, jf, k} with jt/jf given as absolute row numbers, for jumps only. */
    public static int[] row(int at, int code, int jtTarget, int jfTarget, int k) {
        boolean jump = (code & 0x07) == 0x05;
        return new int[]{code, jump ? jtTarget - at - 1 : 0, jump ? jfTarget - at - 1 : 0, k};
    }

    /** The sock_fprog and the rows it points to: keep both alive (reachable) while attaching. */
    public static Memory[] fprog(int[][] prog) {
        Memory filter = new Memory(8L * prog.length);
        for (int i = 0; i < prog.length; i++) {
            filter.setShort(8L * i, (short) prog[i][0]);
            filter.setByte(8L * i + 2, (byte) prog[i][1]);
            filter.setByte(8L * i + 3, (byte) prog[i][2]);
            filter.setInt(8L * i + 4, prog[i][3]);
        }
        Memory fprog = new Memory(16);
        fprog.clear();
        fprog.setShort(0, (short) prog.length);
        fprog.setPointer(Native.POINTER_SIZE == 8 ? 8 : 4, filter);
        return new Memory[]{fprog, filter};
    }
}
