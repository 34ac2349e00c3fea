package dev.hookline.windows.testing;

import static dev.hookline.windows.etw.EventRecordLayout.*;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.hookline.windows.normalize.Filetime;
import java.util.UUID;

/**
 * Byte-exact EVENT_RECORDs in native memory (x64 layout), the way ProcessTrace hands them to the callback: header
 * fields at their documented offsets, UserData in a separate block pointed to from the record.
 */
public final class Records {
    private Records() {
    }

    public static final class Built {
        public final Memory record;
        public final Memory userData;

        Built(Memory record, Memory userData) {
            this.record = record;
            this.userData = userData;
        }

        public Pointer pointer() {
            return record;
        }
    }

    public static Built record(UUID provider, int id, int version, int opcode, int flags, long pid, long tid,
                               long epochNanos, byte[] userData) {
        Memory r = new Memory(RECORD_SIZE);
        r.clear();
        r.setShort(H_SIZE, (short) HEADER_SIZE);
        r.setShort(H_FLAGS, (short) flags);
        r.setInt(H_THREAD_ID, (int) tid);
        r.setInt(H_PROCESS_ID, (int) pid);
        r.setLong(H_TIMESTAMP, Filetime.fromEpochNanos(epochNanos));
        long msb = provider.getMostSignificantBits();
        long lsb = provider.getLeastSignificantBits();
        r.setInt(H_PROVIDER_ID, (int) (msb >>> 32));
        r.setShort(H_PROVIDER_ID + 4, (short) (msb >>> 16));
        r.setShort(H_PROVIDER_ID + 6, (short) msb);
        for (int i = 0; i < 8; i++) {
            r.setByte(H_PROVIDER_ID + 8 + i, (byte) (lsb >>> (56 - 8 * i)));
        }
        r.setShort(D_ID, (short) id);
        r.setByte(D_VERSION, (byte) version);
        r.setByte(D_OPCODE, (byte) opcode);
        r.setByte(D_LEVEL, (byte) 4);
        Memory ud = null;
        if (userData.length > 0) {
            ud = new Memory(userData.length);
            ud.write(0, userData, 0, userData.length);
        }
        r.setShort(R_USER_DATA_LENGTH, (short) userData.length);
        r.setPointer(R_USER_DATA, ud);
        return new Built(r, ud);
    }
}
