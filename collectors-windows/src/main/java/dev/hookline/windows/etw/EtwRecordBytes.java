package dev.hookline.windows.etw;

import static dev.hookline.windows.etw.EventRecordLayout.RECORD_SIZE;
import static dev.hookline.windows.etw.EventRecordLayout.R_USER_DATA;
import static dev.hookline.windows.etw.EventRecordLayout.R_USER_DATA_LENGTH;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.hookline.collector.RawRecorder;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An EVENT_RECORD as recorded bytes ({@code hookline record}) and back. Type {@link #EVENT_RECORD}: the record's
 * 0x70 bytes as ProcessTrace handed them (EVENT_HEADER, BufferContext, lengths; its pointers mean nothing once
 * recorded) followed by the UserDataLength bytes of UserData. Type {@link #DEVICE_MAP}: the host's NT device → drive
 * table, once at the start, as "device\tdrive\n" lines, so a replay elsewhere maps paths as the host did.
 */
public final class EtwRecordBytes {
    public static final int EVENT_RECORD = 0;
    public static final int DEVICE_MAP = 1;
    /** The largest recorded EVENT_RECORD: the record and a 16-bit UserDataLength. */
    public static final int MAX_BYTES = RECORD_SIZE + 0xFFFF;

    private EtwRecordBytes() {
    }

    /** Hands the record at {@code p}, already read into {@code r}, to the recorder; {@code scratch} of MAX_BYTES. */
    public static void record(RawRecorder recorder, Pointer p, EtwRecord r, byte[] scratch) {
        p.read(0, scratch, 0, RECORD_SIZE);
        ByteBuffer ud = r.userData();
        int len = ud.remaining();
        ud.get(scratch, RECORD_SIZE, len);
        recorder.record(EVENT_RECORD, scratch, 0, RECORD_SIZE + len);
    }

    public static void recordDeviceMap(RawRecorder recorder, Map<String, String> deviceToDrive) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(deviceToDrive).forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        recorder.record(DEVICE_MAP, b, 0, b.length);
    }

    public static Map<String, String> deviceMap(byte[] data) {
        Map<String, String> out = new TreeMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return out;
    }

    /**
     * Reads recorded bytes into {@code r} exactly as {@link EtwRecord#read} reads a live record (the bytes are put
     * back in native memory, UserData in its own block): false for bytes too short to be a record.
     */
    public static boolean read(byte[] data, EtwRecord r) {
        if (data.length < RECORD_SIZE) {
            return false;
        }
        int len = Math.min(data.length - RECORD_SIZE, 0xFFFF);
        Memory rec = new Memory(RECORD_SIZE);
        rec.write(0, data, 0, RECORD_SIZE);
        Memory ud = len > 0 ? new Memory(len) : null;
        if (ud != null) {
            ud.write(0, data, RECORD_SIZE, len);
        }
        rec.setShort(R_USER_DATA_LENGTH, (short) len);
        rec.setPointer(R_USER_DATA, ud);
        r.read(rec);
        Reference.reachabilityFence(ud); // its native block must outlive the read above
        return true;
    }
}
