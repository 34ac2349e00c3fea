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
    private Thread thread;
    private volatile boolean running;

    public ProcConnector(ProcessLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Subscribes and starts the reader thread. */
    public void start() throws IOException {
        socket = NetlinkSocket.open(LibC.SOCK_DGRAM, LibC.NETLINK_CONNECTOR, CN_IDX_PROC);
        socket.setReceiveBuffer(4 * 1024 * 1024);
        socket.setReceiveTimeoutMillis(250);
        var prog = ProcEventFilter.fprog();
        filtered = socket.attachFilter(prog[0]); // without it the same events are picked out in decode()
        socket.send(control(PROC_CN_MCAST_LISTEN), 40);
        running = true;
        thread = new Thread(this::run, "hookline-proc-connector");
        thread.setDaemon(true);
        thread.start();
    }

    static byte[] control(int op) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.nativeOrder());
        NetlinkSocket.header(b, 40, NetlinkSocket.NLMSG_DONE, 0, 0);
        b.putInt(CN_IDX_PROC).putInt(CN_VAL_PROC).putInt(0).putInt(0).putShort((short) 4).putShort((short) 0);
        b.putInt(op);
        return b.array();
    }

    /**
     * Datagrams per recvmmsg; a fork or exit datagram is about 80 bytes. Received as soon as they come: holding
     * them back to batch more (tried: 10 ms) lets a fork be applied after the child's exec and its connect, and
     * the child then reads as its parent's image (AuditCollectorIntegrationTest caught it).
     */
    static final int BATCH_SLOTS = 128;
    static final int BATCH_SLOT_BYTES = 256;
    private void run() {
        DatagramBatch batch = new DatagramBatch(BATCH_SLOTS, BATCH_SLOT_BYTES);
        while (running) {
            int n;
            try {
                n = socket.receive(batch);
            } catch (NetlinkSocket.NetlinkException e) {
                if (e.errno() == LibC.ENOBUFS) {
                    overruns.incrementAndGet();
                    continue;
                }
                if (!running) {
                    break;
                }
                malformed.incrementAndGet();
                continue;
            }
            for (int i = 0; i < n; i++) {
                messages.incrementAndGet();
                ByteBuffer b = batch.datagram(i);
                if (batch.truncated(i)) {
                    malformed.incrementAndGet();
                } else {
                    handle(b, b.limit());
                }
            }
        }
    }

    /** Decodes one datagram (possibly several netlink messages) and applies fork/exit events. */
    void handle(ByteBuffer buf, int n) {
        int off = 0;
        while (off + NetlinkSocket.NLMSG_HDRLEN <= n) {
            int len = buf.getInt(off);
            if (len < NetlinkSocket.NLMSG_HDRLEN || off + len > n) {
                malformed.incrementAndGet();
                return;
            }
            if (len >= EVENT_OFFSET + 16 + 8) {
                decode(buf, off);
            }
            off += NetlinkSocket.align(len);
        }
    }

    private void decode(ByteBuffer buf, int msg) {
        int ev = msg + EVENT_OFFSET;
        int what = buf.getInt(ev);
        long ts = buf.getLong(ev + 8);
        int data = ev + 16;
        long now = Times.nowNanos() - (System.nanoTime() - ts); // ktime_get_ns() is CLOCK_MONOTONIC, as nanoTime
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

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
