package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** fanotify_event_metadata + info records laid out by hand, as the kernel writes them. */
class FanEventTest {
    private static int fidRecord(ByteBuffer b, int type, long fsid, byte[] handle, String name) {
        int start = b.position();
        byte[] n = name == null ? new byte[0] : (name + "\0").getBytes(StandardCharsets.UTF_8);
        int len = (4 + 8 + 8 + handle.length + n.length + 3) & ~3;
        b.put((byte) type).put((byte) 0).putShort((short) len).putLong(fsid).putInt(handle.length).putInt(1).put(handle).put(n);
        b.position(start + len);
        return len;
    }

    @Test
    void renameEventCarriesOldAndNewDirectoryAndName() {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        b.position(24);
        int len = 24 + fidRecord(b, Fan.INFO_OLD_DFID_NAME, 42, new byte[8], "a")
                + fidRecord(b, Fan.INFO_NEW_DFID_NAME, 42, new byte[]{1, 2, 3, 4, 5, 6, 7, 8}, "b.txt")
                + fidRecord(b, Fan.INFO_FID, 42, new byte[8], null);
        b.putInt(0, len).put(4, (byte) 3).putShort(6, (short) 24).putLong(8, Fan.FAN_RENAME).putInt(16, -1).putInt(20, 1234);
        FanEvent e = new FanEvent();
        assertEquals(len, e.read(b, 0, len));
        assertEquals(Fan.FAN_RENAME, e.mask);
        assertEquals(1234, e.pid);
        assertEquals("a", e.oldName);
        assertEquals("b.txt", e.newName);
        assertNull(e.name);
        assertEquals(42, b.getLong(e.newOff));
    }

    @Test
    void brokenLengthsAreRejectedNotFollowed() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        b.putInt(0, 64).put(4, (byte) 3).putShort(6, (short) 24).putLong(8, Fan.FAN_CREATE).putInt(16, -1).putInt(20, 1);
        b.put(24, (byte) Fan.INFO_DFID_NAME).putShort(26, (short) 200); // record longer than the event
        assertEquals(-1, new FanEvent().read(b, 0, 64));
        b.putInt(0, 1000);
        assertEquals(-1, new FanEvent().read(b, 0, 64));
        b.putInt(0, 64).put(4, (byte) 2);
        assertEquals(-1, new FanEvent().read(b, 0, 64), "unknown metadata version");
    }
}
