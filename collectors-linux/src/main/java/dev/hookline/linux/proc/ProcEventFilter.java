package dev.hookline.linux.proc;

import dev.hookline.linux.jna.SocketFilter;

import com.sun.jna.Memory;
import java.nio.ByteOrder;

/**
 * The classic BPF program attached to the proc connector socket: the kernel delivers only what
 * {@link ProcConnector} uses, process (not thread) forks and exits. Every exec otherwise also sends EXEC and COMM
 * events, and every thread of a multi-threaded program a FORK and an EXIT; each is a datagram, a wake-up and a
 * recv for the reader thread, then thrown away. In an exec storm this halves the connector's messages.
 * <p>
 * The message is nlmsghdr (16) + cn_msg (20) + proc_event: what (4, at 36), cpu, timestamp (8), then the event:
 * fork {parent_pid, parent_tgid, child_pid (60), child_tgid (64)}, exit {process_pid (52), process_tgid (56)}.
 * BPF loads words big-endian, the kernel writes them in host order: the constants are swapped to match.
 */
final class ProcEventFilter {
    private ProcEventFilter() {
    }

    private static final int LD_W_ABS = 0x20;
    private static final int TAX = 0x07;
    private static final int JEQ_K = 0x15;
    private static final int JEQ_X = 0x1d;
    private static final int RET_K = 0x06;

    static final int WHAT = ProcConnector.EVENT_OFFSET;
    static final int EVENT = ProcConnector.EVENT_OFFSET + 16;
    private static final int ACCEPT = 11;
    private static final int DROP = 12;

    /** A word of the message as BPF's absolute load sees it. */
    static int asLoaded(int hostValue) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(hostValue) : hostValue;
    }

    /** {code, jt, jf, k} rows; jumps are written as absolute targets and made relative in {@link #row}. */
    static int[][] program() {
        return new int[][]{
                row(0, LD_W_ABS, 0, 0, WHAT),
                row(1, JEQ_K, 2, 6, asLoaded(ProcConnector.PROC_EVENT_FORK)),
                row(2, LD_W_ABS, 0, 0, EVENT + 8),   // child_pid
                row(3, TAX, 0, 0, 0),
                row(4, LD_W_ABS, 0, 0, EVENT + 12),  // child_tgid
                row(5, JEQ_X, ACCEPT, DROP, 0),      // a new process, not a new thread
                row(6, JEQ_K, 7, DROP, asLoaded(ProcConnector.PROC_EVENT_EXIT)),
                row(7, LD_W_ABS, 0, 0, EVENT),       // process_pid
                row(8, TAX, 0, 0, 0),
                row(9, LD_W_ABS, 0, 0, EVENT + 4),   // process_tgid
                row(10, JEQ_X, ACCEPT, DROP, 0),     // the whole process exited, not one thread
                row(ACCEPT, RET_K, 0, 0, 0xffff),
                row(DROP, RET_K, 0, 0, 0),
        };
    }

    private static int[] row(int at, int code, int jtTarget, int jfTarget, int k) {
        return SocketFilter.row(at, code, jtTarget, jfTarget, k);
    }

    /** struct sock_fprog {u16 len; struct sock_filter *filter;} plus the rows; keep both alive while attaching. */
    static Memory[] fprog() {
        return SocketFilter.fprog(program());
    }
}
