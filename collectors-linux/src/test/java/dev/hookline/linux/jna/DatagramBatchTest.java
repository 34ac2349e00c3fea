package dev.hookline.linux.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** recvmmsg through DatagramBatch: every queued datagram in one call, in order, lengths and truncation exact. */
class DatagramBatchTest {
    interface Pair extends Library {
        int socketpair(int domain, int type, int protocol, int[] sv) throws LastErrorException;

        int send(int fd, byte[] buf, int len, int flags) throws LastErrorException;
    }

    private Pair p;

    @BeforeEach
    void linuxOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        p = Native.load("c", Pair.class);
    }

    private int[] pair() {
        int[] sv = new int[2];
        p.socketpair(1 /* AF_UNIX */, LibC.SOCK_DGRAM, 0, sv);
        return sv;
    }

    private static byte[] bytes(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    @Test
    void oneCallTakesEveryQueuedDatagramInOrderUpToTheSlotCount() {
        int[] sv = pair();
        try {
            DatagramBatch batch = new DatagramBatch(4, 64);
            for (int i = 0; i < 6; i++) {
                p.send(sv[0], bytes(10 + i, i), 10 + i, 0);
            }
            assertEquals(4, batch.receive(sv[1]));
            for (int i = 0; i < 4; i++) {
                ByteBuffer d = batch.datagram(i);
                assertEquals(0, d.position());
                assertEquals(10 + i, d.limit());
                assertEquals((byte) (i + 9 + i), d.get(9 + i)); // last byte of datagram i
                assertFalse(batch.truncated(i));
            }
            assertEquals(2, batch.receive(sv[1]));
            assertEquals(15, batch.datagram(1).limit());
            assertEquals((byte) 5, batch.datagram(1).get(0));
            assertThrows(IndexOutOfBoundsException.class, () -> batch.datagram(2));
        } finally {
            LibC.INSTANCE.close(sv[0]);
            LibC.INSTANCE.close(sv[1]);
        }
    }

    @Test
    void aDatagramLongerThanItsSlotIsMarkedTruncated() {
        int[] sv = pair();
        try {
            DatagramBatch batch = new DatagramBatch(2, 8);
            p.send(sv[0], bytes(20, 0), 20, 0);
            p.send(sv[0], bytes(8, 1), 8, 0);
            assertEquals(2, batch.receive(sv[1]));
            assertTrue(batch.truncated(0));
            assertEquals(8, batch.datagram(0).limit());
            assertFalse(batch.truncated(1));
            assertEquals(8, batch.datagram(1).limit());
        } finally {
            LibC.INSTANCE.close(sv[0]);
            LibC.INSTANCE.close(sv[1]);
        }
    }

    @Test
    void receiveNowNeverWaitsOnABlockingSocket() {
        int[] sv = pair(); // no SO_RCVTIMEO: a waiting receive would block until the test times out
        try {
            DatagramBatch batch = new DatagramBatch(4, 64);
            assertEquals(0, org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(10), () -> batch.receiveNow(sv[1])));
            p.send(sv[0], bytes(12, 3), 12, 0);
            assertEquals(1, batch.receiveNow(sv[1]));
            assertEquals(12, batch.datagram(0).limit());
            assertEquals(0, batch.receiveNow(sv[1]));
        } finally {
            LibC.INSTANCE.close(sv[0]);
            LibC.INSTANCE.close(sv[1]);
        }
    }

    @Test
    void aReceiveTimeoutReturnsZeroAndOtherErrorsCarryTheirErrno() throws Exception {
        int[] sv = pair();
        DatagramBatch batch = new DatagramBatch(2, 8);
        try {
            byte[] tv = ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder()).putLong(0).putLong(50_000)
                    .array();
            LibC.INSTANCE.setsockopt(sv[1], LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv, 16);
            long t0 = System.nanoTime();
            assertEquals(0, batch.receive(sv[1]));
            assertEquals(0, batch.count());
            assertTrue(System.nanoTime() - t0 >= 40_000_000L, "waited for the first datagram");
        } finally {
            LibC.INSTANCE.close(sv[0]);
            LibC.INSTANCE.close(sv[1]);
        }
        LastErrorException e = assertThrows(LastErrorException.class, () -> batch.receive(sv[1]));
        assertEquals(LibC.EBADF, e.getErrorCode());
    }
}
