package dev.hookline.linux.proc;

import dev.hookline.linux.jna.DatagramBatch;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.NetlinkSocket;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel proc connector (NETLINK_CONNECTOR, CN_IDX_PROC/CN_VAL_PROC, PROC_CN_MCAST_LISTEN): a cheap stream of
 * fork and exit events that keeps the process table's parent links and exit times current between execs (the
 * audit rules only see execve and connect). Thread forks and exits (pid != tgid) are ignored, in the kernel when
 * the socket filter ({@link ProcEventFilter}) is attached, which also drops the EXEC, COMM and other events. Needs
 * CAP_NET_ADMIN; when it cannot start, the table still learns from audit execs and a periodic /proc sweep.
 * <p>
 * No thread of its own: the audit reader calls {@link #poll()} right after each receive and on its receive
 * timeout. A reader thread woke for every fork and every exit (two wake-ups per exec, each costing more than the
 * event's work on the bench VM: most of the agent's CPU at 100 exec/s). Polling after the audit receive also
 * orders the streams: a child's fork is queued before its exec can be audited, so by the time the reader has an
 * exec record in hand its fork is in this socket and is applied first.
 */
public final class ProcConnector implements AutoCloseable {
    static final int CN_IDX_PROC = 1;
    static final int CN_VAL_PROC = 1;
    static final int PROC_CN_MCAST_LISTEN = 1;
    static final int PROC_CN_MCAST_IGNORE = 2;
    static final int PROC_EVENT_FORK = 0x00000001;
    static final int PROC_EVENT_EXIT = 0x80000000;
    static final int CN_MSG_LEN = 20;
    /** proc_event starts after nlmsghdr and cn_msg; its union after what, cpu and the 8-byte timestamp. */
    static final int EVENT_OFFSET = NetlinkSocket.NLMSG_HDRLEN + CN_MSG_LEN;

    private final ProcessLifecycle lifecycle;
    private final AtomicLong forks = new AtomicLong();
    private final AtomicLong exits = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private volatile boolean filtered;
    private NetlinkSocket socket;
    private DatagramBatch batch;

    public ProcConnector(ProcessLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Subscribes; events queue in the socket until {@link #poll()}. */
    public void start() throws IOException {
        socket = NetlinkSocket.open(LibC.SOCK_DGRAM, LibC.NETLINK_CONNECTOR, 0);
        try {
            // Polled at least every audit receive timeout: 4 MiB holds ~4000 events (an skb each) between polls.
            socket.setReceiveBuffer(4 * 1024 * 1024);
            var prog = ProcEventFilter.fprog();
            filtered = socket.attachFilter(prog[0]); // without it the same events are picked out in decode()
            // Join only now: while another listener keeps the connector on, a socket bound to the group at open
            // queued unfiltered EXEC and COMM events until the filter was attached.
            socket.joinGroup(CN_IDX_PROC);
            batch = new DatagramBatch(BATCH_SLOTS, BATCH_SLOT_BYTES);
            socket.send(control(PROC_CN_MCAST_LISTEN), 40);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    static byte[] control(int op) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.nativeOrder());
        NetlinkSocket.header(b, 40, NetlinkSocket.NLMSG_DONE, 0, 0);
        b.putInt(CN_IDX_PROC).putInt(CN_VAL_PROC).putInt(0).putInt(0).putShort((short) 4).putShort((short) 0);
        b.putInt(op);
        return b.array();
    }

    /** Poll thread only: the last realtime-minus-monotonic offset and when it was read (nanoTime). */
    private long offset;
    private long offsetReadAt = Long.MIN_VALUE;

    /** Datagrams per recvmmsg; a fork or exit datagram is about 80 bytes. */
    static final int BATCH_SLOTS = 128;
    static final int BATCH_SLOT_BYTES = 256;
    /** Receives per poll at most, so one poll cannot hold the audit reader for long. */
    static final int MAX_ROUNDS = 16;

    /**
     * Applies every fork and exit queued now, without waiting. Call from one thread (the audit reader). Returns
     * the number of datagrams handled; an overrun (ENOBUFS) is counted and the rest is still read.
     */
    public int poll() {
        NetlinkSocket s = socket;
        if (s == null || !s.isOpen()) {
            return 0;
        }
        int total = 0;
        long realMinusMono = realMinusMono();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int n;
            try {
                n = s.receiveNow(batch);
            } catch (NetlinkSocket.NetlinkException e) {
                if (e.errno() == LibC.ENOBUFS) {
                    overruns.incrementAndGet();
                    continue;
                }
                malformed.incrementAndGet();
                return total;
            }
            for (int i = 0; i < n; i++) {
                messages.incrementAndGet();
                ByteBuffer b = batch.datagram(i);
                if (batch.truncated(i)) {
                    malformed.incrementAndGet();
                } else {
                    handle(b, b.limit(), realMinusMono);
                }
            }
            total += n;
            if (n < BATCH_SLOTS) {
                break;
            }
        }
        return total;
    }

    /**
     * Realtime minus monotonic nanoseconds: ktime_get_ns() is CLOCK_MONOTONIC, as nanoTime. Read once a second, not
     * per poll (Instant.now allocates and reads two clocks); a step of the wall clock shows within that second.
     */
    private long realMinusMono() {
        long mono = System.nanoTime();
        if (mono - offsetReadAt > 1_000_000_000L || offsetReadAt == Long.MIN_VALUE) {
            offset = Times.nowNanos() - mono;
            offsetReadAt = mono;
        }
        return offset;
    }

    /**
     * Decodes one datagram (possibly several netlink messages) and applies fork/exit events.
     *
     * @param realMinusMono realtime minus monotonic nanoseconds now, to date the events
     */
    void handle(ByteBuffer buf, int n, long realMinusMono) {
        int off = 0;
        while (off + NetlinkSocket.NLMSG_HDRLEN <= n) {
            int len = buf.getInt(off);
            if (len < NetlinkSocket.NLMSG_HDRLEN || off + len > n) {
                malformed.incrementAndGet();
                return;
            }
            if (len >= EVENT_OFFSET + 16 + 8) {
                decode(buf, off, realMinusMono);
            }
            off += NetlinkSocket.align(len);
        }
    }

    private void decode(ByteBuffer buf, int msg, long realMinusMono) {
        int ev = msg + EVENT_OFFSET;
        int what = buf.getInt(ev);
        long ts = buf.getLong(ev + 8);
        int data = ev + 16;
        long now = ts + realMinusMono;
        if (what == PROC_EVENT_FORK) {
            long parentTgid = buf.getInt(data + 4) & 0xffffffffL;
            long childPid = buf.getInt(data + 8) & 0xffffffffL;
            long childTgid = buf.getInt(data + 12) & 0xffffffffL;
            if (childPid == childTgid) {
                forks.incrementAndGet();
                lifecycle.forked(childTgid, parentTgid, now);
            }
        } else if (what == PROC_EVENT_EXIT) {
            long pid = buf.getInt(data) & 0xffffffffL;
            long tgid = buf.getInt(data + 4) & 0xffffffffL;
            if (pid == tgid) {
                exits.incrementAndGet();
                lifecycle.exited(tgid, now);
            }
        }
    }

    public long forks() {
        return forks.get();
    }

    public long exits() {
        return exits.get();
    }

    /** Datagrams received (with the filter, only process forks and exits). */
    public long messages() {
        return messages.get();
    }

    /** Whether the kernel filters the events (see {@link ProcEventFilter}). */
    public boolean filtered() {
        return filtered;
    }

    public long overruns() {
        return overruns.get();
    }

    public long malformed() {
        return malformed.get();
    }

    /** Unsubscribes and closes; call after the polling thread has stopped. */
    @Override
    public void close() {
        NetlinkSocket s = socket;
        if (s != null && s.isOpen()) {
            try {
                s.send(control(PROC_CN_MCAST_IGNORE), 40);
            } catch (IOException e) {
                // closing anyway
            }
            s.close();
        }
    }
}
