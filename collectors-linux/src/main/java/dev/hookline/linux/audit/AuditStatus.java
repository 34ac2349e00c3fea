package dev.hookline.linux.audit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct audit_status: the kernel's audit settings and counters (AUDIT_GET reply, AUDIT_SET request). Eleven u32
 * in host order; older kernels send fewer fields, which read as 0.
 */
public record AuditStatus(int mask, int enabled, int failure, int pid, int rateLimit, int backlogLimit, long lost,
                          int backlog, int featureBitmap, int backlogWaitTime, int backlogWaitTimeActual) {
    public static final int SIZE = 44;

    public static AuditStatus decode(ByteBuffer b, int off, int len) {
        int[] v = new int[11];
        for (int i = 0; i < 11 && 4 * i + 4 <= len; i++) {
            v[i] = b.getInt(off + 4 * i);
        }
        return new AuditStatus(v[0], v[1], v[2], v[3], v[4], v[5], v[6] & 0xffffffffL, v[7], v[8], v[9], v[10]);
    }

    /** The AUDIT_SET payload that changes only the fields named in mask. */
    public static byte[] request(int mask, int enabled, int failure, int pid, int backlogLimit, int backlogWaitTime) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        b.putInt(mask).putInt(enabled).putInt(failure).putInt(pid).putInt(0).putInt(backlogLimit).putInt(0).putInt(0)
                .putInt(0).putInt(backlogWaitTime).putInt(0);
        return b.array();
    }

    /** The settings Hookline changes and restores, for comparison (counters excluded). */
    public String settings() {
        return "enabled=" + enabled + " failure=" + failure + " pid=" + pid + " rate_limit=" + rateLimit
                + " backlog_limit=" + backlogLimit + " backlog_wait_time=" + backlogWaitTime;
    }
}
