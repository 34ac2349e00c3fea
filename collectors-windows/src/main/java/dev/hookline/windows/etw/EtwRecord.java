package dev.hookline.windows.etw;

import static dev.hookline.windows.etw.EventRecordLayout.*;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * The fields of one EVENT_RECORD that the decoders need, copied out of native memory by explicit x64 offsets. One
 * instance is reused per consumer thread: the UserData copy goes into a preallocated 64 KiB array (UserDataLength
 * is 16 bits), so reading an event allocates nothing.
 */
public final class EtwRecord {
    private final byte[] data = new byte[0x10000];
    private final ByteBuffer userData = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    private long providerMsb;
    private long providerLsb;
    private int id;
    private int version;
    private int opcode;
    private int flags;
    private long processId;
    private long threadId;
    private long timestamp;

    /** Reads the record at p (an EVENT_RECORD*). */
    public EtwRecord read(Pointer p) {
        flags = p.getShort(H_FLAGS) & 0xffff;
        threadId = p.getInt(H_THREAD_ID) & 0xffffffffL;
        processId = p.getInt(H_PROCESS_ID) & 0xffffffffL;
        timestamp = p.getLong(H_TIMESTAMP);
        int d1 = p.getInt(H_PROVIDER_ID);
        int d2 = p.getShort(H_PROVIDER_ID + 4) & 0xffff;
        int d3 = p.getShort(H_PROVIDER_ID + 6) & 0xffff;
        providerMsb = ((d1 & 0xffffffffL) << 32) | ((long) d2 << 16) | d3;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            lsb = (lsb << 8) | (p.getByte(H_PROVIDER_ID + 8 + i) & 0xff);
        }
        providerLsb = lsb;
        id = p.getShort(D_ID) & 0xffff;
        version = p.getByte(D_VERSION) & 0xff;
        opcode = p.getByte(D_OPCODE) & 0xff;
        int len = p.getShort(R_USER_DATA_LENGTH) & 0xffff;
        Pointer ud = p.getPointer(R_USER_DATA);
        if (ud == null) {
            len = 0;
        } else if (len > 0) {
            ud.read(0, data, 0, len);
        }
        userData.clear().limit(len);
        return this;
    }

    public boolean isProvider(UUID guid) {
        return providerMsb == guid.getMostSignificantBits() && providerLsb == guid.getLeastSignificantBits();
    }

    public UUID provider() {
        return new UUID(providerMsb, providerLsb);
    }

    public int id() {
        return id;
    }

    public int version() {
        return version;
    }

    public int opcode() {
        return opcode;
    }

    public int flags() {
        return flags;
    }

    /** Pointer size of the logging process: EVENT_HEADER_FLAG_32_BIT_HEADER / 64_BIT_HEADER, else 8. */
    public int pointerSize() {
        if ((flags & FLAG_32_BIT_HEADER) != 0) {
            return 4;
        }
        return 8;
    }

    public long processId() {
        return processId;
    }

    public long threadId() {
        return threadId;
    }

    /** EVENT_HEADER.TimeStamp; a FILETIME (100 ns since 1601) because the session uses system time. */
    public long timestamp() {
        return timestamp;
    }

    /** The UserData bytes, little-endian, position 0; valid until the next read. */
    public ByteBuffer userData() {
        return userData.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
