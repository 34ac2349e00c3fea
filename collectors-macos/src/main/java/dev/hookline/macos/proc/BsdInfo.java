package dev.hookline.macos.proc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes {@code struct proc_bsdinfo} (PROC_PIDTBSDINFO) by explicit offsets from xnu bsd/sys/proc_info.h,
 * little-endian: u32 pbi_flags @0, status @4, xstatus @8, pbi_pid @12, pbi_ppid @16, pbi_uid @20 (effective),
 * gid @24, pbi_ruid @28, rgid @32, svuid @36, svgid @40, rfu @44, pbi_comm[16] @48, pbi_name[32] @64,
 * nfiles @96, pgid @100, pjobc @104, e_tdev @108, e_tpgid @112, nice @116, u64 pbi_start_tvsec @120,
 * u64 pbi_start_tvusec @128; size 136.
 */
public record BsdInfo(long pid, long ppid, long uid, long ruid, String comm, long startEpochNanos) {
    public static final int SIZE = 136;
    static final int PID = 12;
    static final int PPID = 16;
    static final int UID = 20;
    static final int RUID = 28;
    static final int COMM = 48;
    static final int COMM_LEN = 16;
    static final int START_SEC = 120;
    static final int START_USEC = 128;

    /** Null when the buffer is shorter than the structure. */
    public static BsdInfo decode(byte[] buf, int len) {
        if (buf == null || len < SIZE || buf.length < SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int end = COMM;
        while (end < COMM + COMM_LEN && buf[end] != 0) {
            end++;
        }
        String comm = new String(buf, COMM, end - COMM, java.nio.charset.StandardCharsets.UTF_8);
        long sec = b.getLong(START_SEC);
        long usec = b.getLong(START_USEC);
        long start = sec <= 0 ? Long.MIN_VALUE : sec * 1_000_000_000L + usec * 1_000L;
        return new BsdInfo(Integer.toUnsignedLong(b.getInt(PID)), Integer.toUnsignedLong(b.getInt(PPID)),
                Integer.toUnsignedLong(b.getInt(UID)), Integer.toUnsignedLong(b.getInt(RUID)), comm, start);
    }
}
