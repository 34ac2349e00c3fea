package dev.hookline.linux.proc;

/**
 * The fields of /proc/PID/stat the collector needs. The comm field is in parentheses and may itself contain spaces
 * and parentheses ("(a) b)"), so the fields after it are found from the LAST ')' (proc(5)), as OSHI does.
 */
public record ProcStat(long pid, String comm, char state, long ppid, long startTicks) {

    /** Parses one stat line; null when it is malformed. */
    public static ProcStat parse(String line) {
        if (line == null) {
            return null;
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open || close + 2 > line.length()) {
            return null;
        }
        try {
            long pid = Long.parseLong(line.substring(0, open).trim());
            String comm = line.substring(open + 1, close);
            String[] f = line.substring(close + 2).trim().split(" +");
            // f[0] is field 3 (state); ppid is field 4; starttime is field 22.
            if (f.length < 20 || f[0].isEmpty()) {
                return null;
            }
            return new ProcStat(pid, comm, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[19]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
