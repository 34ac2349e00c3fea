package dev.hookline.linux.jna;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A netlink socket (NETLINK_AUDIT, NETLINK_CONNECTOR) over {@link LibC}: bound to a multicast group mask or none,
 * with a receive timeout so reader threads can notice shutdown. Netlink headers are host order (little endian
 * here); {@link #header(ByteBuffer, int, int, int, int)} writes one.
 */
public final class NetlinkSocket implements Closeable {
    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    public static final int NLM_F_REQUEST = 1;
    public static final int NLM_F_MULTI = 2;
    public static final int NLM_F_ACK = 4;

    private static final byte[] KERNEL = sockaddr(0, 0);
    private volatile int fd;
    private final int protocol;

    private NetlinkSocket(int fd, int protocol) {
        this.fd = fd;
        this.protocol = protocol;
    }

    /** Opens and binds; groups is the nl_groups bit mask (0 for unicast only). */
    public static NetlinkSocket open(int type, int protocol, int groups) throws IOException {
        int fd;
        try {
            fd = LibC.INSTANCE.socket(LibC.AF_NETLINK, type | LibC.SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw new NetlinkException("socket(AF_NETLINK, " + protocol + "): " + Posix.describe(e), e.getErrorCode());
        }
        try {
            LibC.INSTANCE.bind(fd, sockaddr(0, groups), 12);
        } catch (LastErrorException e) {
            Posix.closeQuietly(fd);
            throw new NetlinkException("bind(netlink " + protocol + ", groups " + groups + "): " + Posix.describe(e),
                    e.getErrorCode());
        }
        return new NetlinkSocket(fd, protocol);
    }

    static byte[] sockaddr(int pid, int groups) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
        b.putShort((short) LibC.AF_NETLINK).putShort((short) 0).putInt(pid).putInt(groups);
        return b.array();
    }

    public static void header(ByteBuffer b, int len, int type, int flags, int seq) {
        b.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
    }

    public static int align(int n) {
        return (n + 3) & ~3;
    }

    public void setReceiveTimeoutMillis(int millis) {
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        tv.putLong(millis / 1000).putLong((millis % 1000) * 1000L);
        try {
            LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv.array(), 16);
        } catch (LastErrorException e) {
            // a blocking socket still works; shutdown then waits for the next message or close()
        }
    }

    /** Asks for a large receive buffer (SO_RCVBUFFORCE as root, else SO_RCVBUF); returns false when both fail. */
    public boolean setReceiveBuffer(int bytes) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(bytes).array();
        try {
            LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, v, 4);
            return true;
        } catch (LastErrorException e) {
            try {
                LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, v, 4);
                return true;
            } catch (LastErrorException e2) {
                return false;
            }
        }
    }

    /**
     * Joins multicast group {@code group} (a group number, not a bit mask). Open with groups 0, attach a filter,
     * then join: a socket bound to the group at open starts queueing at once, and whatever arrives before the filter
     * is attached is never filtered.
     */
    public void joinGroup(int group) throws NetlinkException {
        ByteBuffer g = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(group);
        try {
            LibC.INSTANCE.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_ADD_MEMBERSHIP, g.array(), 4);
        } catch (LastErrorException e) {
            throw new NetlinkException("netlink join group " + group + ": " + Posix.describe(e), e.getErrorCode());
        }
    }

    /** Attaches a classic BPF program (a struct sock_fprog); false when the kernel refuses it. */
    public boolean attachFilter(com.sun.jna.Pointer fprog) {
        try {
            LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, fprog, 16);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }

    public void send(byte[] msg, int len) throws NetlinkException {
        try {
            LibC.INSTANCE.sendto(fd, msg, len, 0, KERNEL, KERNEL.length);
        } catch (LastErrorException e) {
            throw new NetlinkException("netlink send: " + Posix.describe(e), e.getErrorCode());
        }
    }

    /**
     * Receives one datagram into buf (direct buffer, position 0, limit = length). Returns the length, 0 on timeout
     * or EINTR; throws on ENOBUFS (the caller counts the overrun) and other errors.
     */
    public int receive(ByteBuffer buf) throws NetlinkException {
        int f = fd;
        if (f < 0) {
            throw new NetlinkException("socket closed", LibC.EBADF);
        }
        try {
            int n = LibCDirect.recv(f, buf, buf.capacity(), 0);
            buf.position(0).limit(Math.max(n, 0));
            return Math.max(n, 0);
        } catch (LastErrorException e) {
            int err = e.getErrorCode();
            buf.position(0).limit(0);
            if (err == LibC.EAGAIN || err == LibC.EINTR) {
                return 0;
            }
            throw new NetlinkException("netlink recv: " + Posix.describe(e), err);
        }
    }

    /**
     * Receives as many datagrams as are queued, up to the batch's size, in one system call (waiting for the first
     * like {@link #receive}). Returns the count, 0 on timeout or EINTR; throws on ENOBUFS and other errors.
     */
    public int receive(DatagramBatch batch) throws NetlinkException {
        return receive(batch, true);
    }

    /** Like {@link #receive(DatagramBatch)} but never waits: 0 when nothing is queued. */
    public int receiveNow(DatagramBatch batch) throws NetlinkException {
        return receive(batch, false);
    }

    private int receive(DatagramBatch batch, boolean wait) throws NetlinkException {
        int f = fd;
        if (f < 0) {
            throw new NetlinkException("socket closed", LibC.EBADF);
        }
        try {
            return wait ? batch.receive(f) : batch.receiveNow(f);
        } catch (LastErrorException e) {
            throw new NetlinkException("netlink recvmmsg: " + Posix.describe(e), e.getErrorCode());
        }
    }

    public int protocol() {
        return protocol;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    @Override
    public void close() {
        int f = fd;
        fd = -1;
        Posix.closeQuietly(f);
    }

    /** A netlink failure with its errno (0 when the kernel sent no errno). */
    public static final class NetlinkException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        public NetlinkException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }
}
