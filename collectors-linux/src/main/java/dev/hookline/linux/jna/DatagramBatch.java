package dev.hookline.linux.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Many datagrams per system call: recvmmsg(2) into a fixed set of native slots. The vectors (struct mmsghdr and
 * struct iovec, x86_64/aarch64 layout) are built once; each call fills as many slots as the socket has datagrams
 * queued, blocking only for the first (MSG_WAITFORONE, bounded by the socket's SO_RCVTIMEO). Audit sends one
 * record per datagram, about 7 per exec, and the proc connector one datagram per fork or exit: one recv per
 * datagram was most of the reader threads' cost under an exec storm.
 * <p>
 * Not thread-safe: one reader thread owns a batch. {@link #datagram(int)} views are valid until the next receive.
 */
public final class DatagramBatch {
    static final int MSG_WAITFORONE = 0x10000;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    /** sizeof(struct mmsghdr) on LP64: struct msghdr (56) + msg_len (4) + padding. */
    static final int MMSGHDR = 64;
    static final int IOVEC = 16;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_FLAGS = 48;
    private static final int MSG_LEN = 56;

    private final int slots;
    private final int slotBytes;
    private final Memory vectors;
    private final Memory data;
    private final ByteBuffer[] views;
    /** The vectors as a buffer: msg_len and msg_flags are read without a native call per field. */
    private final ByteBuffer vectorView;
    private int count;

    /** @param slots datagrams per call; @param slotBytes the largest datagram expected (bigger ones are truncated) */
    public DatagramBatch(int slots, int slotBytes) {
        if (slots < 1 || slotBytes < 1) {
            throw new IllegalArgumentException("slots and slotBytes must be >= 1");
        }
        this.slots = slots;
        this.slotBytes = slotBytes;
        this.vectors = new Memory((long) slots * (MMSGHDR + IOVEC));
        this.data = new Memory((long) slots * slotBytes);
        vectors.clear();
        this.vectorView = vectors.getByteBuffer(0, vectors.size()).order(ByteOrder.nativeOrder());
        this.views = new ByteBuffer[slots];
        long iovBase = (long) slots * MMSGHDR;
        for (int i = 0; i < slots; i++) {
            long iov = iovBase + (long) i * IOVEC;
            vectors.setPointer(iov, data.share((long) i * slotBytes));
            vectors.setLong(iov + 8, slotBytes);
            long h = (long) i * MMSGHDR;
            vectors.setPointer(h + MSG_IOV, vectors.share(iov));
            vectors.setLong(h + MSG_IOVLEN, 1);
            views[i] = data.getByteBuffer((long) i * slotBytes, slotBytes).order(ByteOrder.nativeOrder());
        }
    }

    public int slots() {
        return slots;
    }

    /**
     * Receives up to {@link #slots()} datagrams, waiting for the first. Returns how many (0 on timeout or EINTR);
     * throws LastErrorException for other errors (ENOBUFS: the socket overran). A datagram received meanwhile
     * is kept; the error then comes on the next call, as recvmmsg(2) documents.
     */
    int receive(int fd) throws LastErrorException {
        return receive(fd, MSG_WAITFORONE);
    }

    /** Like {@link #receive(int)} but never waits: 0 when nothing is queued (MSG_DONTWAIT). */
    int receiveNow(int fd) throws LastErrorException {
        return receive(fd, MSG_DONTWAIT);
    }

    private int receive(int fd, int flags) throws LastErrorException {
        count = 0;
        // No reset of the slots' msg_flags: recvmmsg writes msg_len and msg_flags of every datagram it fills, and
        // only those are read. (Resetting all slots was one native call per slot per receive.)
        int n = LibCDirect.Quiet.recvmmsg(fd, vectors, slots, flags, null);
        if (n < 0) {
            // Timeouts and empty non-blocking polls are the common case: no exception for them.
            int err = Native.getLastError();
            if (err == LibC.EAGAIN || err == LibC.EINTR) {
                return 0;
            }
            throw new LastErrorException(err);
        }
        count = Math.max(0, Math.min(n, slots));
        for (int i = 0; i < count; i++) {
            int len = vectorView.getInt(i * MMSGHDR + MSG_LEN);
            views[i].position(0).limit(Math.min(Math.max(len, 0), slotBytes));
        }
        return count;
    }

    /** Datagrams filled by the last receive. */
    public int count() {
        return count;
    }

    /** The i-th datagram of the last receive: position 0, limit its length (native order). */
    public ByteBuffer datagram(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i + " of " + count);
        }
        return views[i];
    }

    /** Whether the i-th datagram was longer than a slot and was cut (MSG_TRUNC). */
    public boolean truncated(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i + " of " + count);
        }
        return (vectorView.getInt(i * MMSGHDR + MSG_FLAGS) & MSG_TRUNC) != 0;
    }
}
