package dev.hookline.macos.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BsdInfoTest {
    @Test
    void documentedLayoutAddsUp() {
        // 12 x u32, comm[16], name[32], 6 x u32, 2 x u64
        assertEquals(12 * 4 + 16 + 32 + 6 * 4 + 2 * 8, BsdInfo.SIZE);
    }

    @Test
    void decodesPidParentUidNameAndStartTime() {
        byte[] b = new byte[BsdInfo.SIZE];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(12, 4242);
        bb.putInt(16, 1);
        bb.putInt(20, 0);
        bb.putInt(28, 501);
        byte[] comm = "installer".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(comm, 0, b, 48, comm.length);
        bb.putLong(120, 1_714_557_600L);
        bb.putLong(128, 250_000L);
        BsdInfo i = BsdInfo.decode(b, b.length);
        assertEquals(4242, i.pid());
        assertEquals(1, i.ppid());
        assertEquals(0, i.uid());
        assertEquals(501, i.ruid());
        assertEquals("installer", i.comm());
        assertEquals(1_714_557_600_250_000_000L, i.startEpochNanos());
        assertNull(BsdInfo.decode(b, 100));
    }
}
