package dev.hookline.linux.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The direct-mapped recv reads datagrams and reports errno exactly as the proxy binding does. */
class LibCDirectTest {
    interface Pair extends Library {
        int socketpair(int domain, int type, int protocol, int[] sv) throws LastErrorException;

        int send(int fd, byte[] buf, int len, int flags) throws LastErrorException;
    }

    @Test
    void recvReturnsOneDatagramAndThrowsErrnoWhenNoneIsWaiting() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        Pair p = Native.load("c", Pair.class);
        int[] sv = new int[2];
        p.socketpair(1 /* AF_UNIX */, LibC.SOCK_DGRAM, 0, sv);
        try {
            ByteBuffer buf = ByteBuffer.allocateDirect(64);
            p.send(sv[0], new byte[]{1, 2, 3}, 3, 0);
            p.send(sv[0], new byte[]{4, 5}, 2, 0);
            assertEquals(3, LibCDirect.recv(sv[1], buf, buf.capacity(), 0));
            assertEquals(3, buf.get(2));
            assertEquals(2, LibCDirect.recv(sv[1], buf, buf.capacity(), 0));
            assertEquals(5, buf.get(1));
            LastErrorException e = assertThrows(LastErrorException.class,
                    () -> LibCDirect.recv(sv[1], buf, buf.capacity(), LibC.MSG_DONTWAIT));
            assertEquals(LibC.EAGAIN, e.getErrorCode());
        } finally {
            LibC.INSTANCE.close(sv[0]);
            LibC.INSTANCE.close(sv[1]);
        }
    }
}
