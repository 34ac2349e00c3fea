package dev.hookline.linux.proc;

/** The Uid line of /proc/PID/status: "Uid:\treal\teffective\tsaved\tfs". */
public final class ProcStatus {
    private ProcStatus() {
    }

    /** Effective uid (the second value), or -1 when absent or malformed. */
    public static long effectiveUid(String status) {
        if (status == null) {
            return -1;
        }
        int at = status.startsWith("Uid:") ? 0 : status.indexOf("\nUid:");
        if (at < 0) {
            return -1;
        }
        int start = status.indexOf(':', at) + 1;
        int end = status.indexOf('\n', start);
        String[] f = status.substring(start, end < 0 ? status.length() : end).trim().split("\\s+");
        if (f.length < 2) {
            return -1;
        }
        try {
            return Long.parseLong(f[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
