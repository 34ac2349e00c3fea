package dev.hookline.windows.etw;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.windows.testing.Records;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class EtwRecordTest {
    static final long T = 1_795_000_000_123_456_700L;

    @Test
    void readsHeaderFieldsAtTheDocumentedOffsets() {
        byte[] ud = {1, 2, 3, 4, 5};
        Records.Built b = Records.record(Guids.KERNEL_NETWORK, 28, 0, 12, EventRecordLayout.FLAG_64_BIT_HEADER,
                4242, 77, T, ud);
        EtwRecord r = new EtwRecord().read(b.pointer());
        assertTrue(r.isProvider(Guids.KERNEL_NETWORK));
        assertFalse(r.isProvider(Guids.KERNEL_FILE));
        assertEquals(Guids.KERNEL_NETWORK, r.provider());
        assertEquals(28, r.id());
        assertEquals(12, r.opcode());
        assertEquals(4242, r.processId());
        assertEquals(77, r.threadId());
        assertEquals(8, r.pointerSize());
        assertEquals(T, dev.hookline.windows.normalize.Filetime.toEpochNanos(r.timestamp()));
        ByteBuffer d = r.userData();
        assertEquals(5, d.remaining());
        assertEquals(5, d.get(4));
    }

    @Test
    void providerGuidUsesMixedEndianLayout() {
        Records.Built b = Records.record(Guids.KERNEL_PROCESS, 1, 2, 1, 0, 1, 1, T, new byte[0]);
        // {22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}: Data1..3 little-endian, Data4 as bytes.
        assertEquals((byte) 0xD6, b.record.getByte(0x18));
        assertEquals((byte) 0x22, b.record.getByte(0x1B));
        assertEquals((byte) 0x7B, b.record.getByte(0x1C));
        assertEquals((byte) 0xA0, b.record.getByte(0x20));
        assertEquals((byte) 0x16, b.record.getByte(0x27));
        EtwRecord r = new EtwRecord().read(b.pointer());
        assertTrue(r.isProvider(Guids.KERNEL_PROCESS));
        assertEquals(2, r.version());
        assertEquals(0, r.userData().remaining(), "null UserData reads as empty");
    }

    @Test
    void thirtyTwoBitHeaderFlagMeansFourBytePointers() {
        Records.Built b = Records.record(Guids.PROCESS_CLASS, 0, 4, 1, EventRecordLayout.FLAG_32_BIT_HEADER
                | EventRecordLayout.FLAG_CLASSIC_HEADER, 1, 1, T, new byte[0]);
        assertEquals(4, new EtwRecord().read(b.pointer()).pointerSize());
    }

    @Test
    void reusedRecordDoesNotLeakPreviousUserData() {
        EtwRecord r = new EtwRecord();
        r.read(Records.record(Guids.KERNEL_FILE, 12, 1, 0, 0, 1, 1, T, new byte[100]).pointer());
        r.read(Records.record(Guids.KERNEL_FILE, 12, 1, 0, 0, 1, 1, T, new byte[] {9}).pointer());
        assertEquals(1, r.userData().remaining());
    }
}
