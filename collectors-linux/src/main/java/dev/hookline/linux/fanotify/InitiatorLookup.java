package dev.hookline.linux.fanotify;

import dev.hookline.install.InstallContext;
import dev.hookline.install.InstallResolver;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writer of a file event: the shared process table first; for a pid it does not know (the audit collector
 * is off, or the process predates it and was missed), /proc/PID while the process is still alive. /proc results
 * are kept briefly in a small cache so a burst from one unknown process reads /proc once. Reader thread only.
 * <p>
 * A writer read from /proc is one whose exec the audit collector has not reported yet (on a loaded host its records
 * can come after the hold time): its install context is decided here, while it lives, from its nearest ancestor in
 * the table, as the exec path would have (a package manager's script keeps its package on the row and the alert).
 */
final class InitiatorLookup {
    private static final long PROC_CACHE_NANOS = 2_000_000_000L;
    /** How far up /proc is followed to find an ancestor the table knows (a script's shell, its manager). */
    static final int MAX_ANCESTRY = 4;

    private final ProcessTable table;
    private final String hostName;
    private final InstallResolver installs;
    private final LinkedHashMap<Long, Object[]> procCache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object[]> e) {
            return size() > 256;
        }
    };
    private Map<Long, String> users;
    private long bootEpochNanos = Long.MIN_VALUE;
    long fromTable;
    long fromProc;
    long unknown;

    InitiatorLookup(ProcessTable table, String hostName) {
        this(table, hostName, null);
    }

    /** @param installs decides the install context of a writer read from /proc; null: none */
    InitiatorLookup(ProcessTable table, String hostName, InstallResolver installs) {
        this.table = table;
        this.hostName = hostName;
        this.installs = installs;
    }

    ProcessTable table() {
        return table;
    }

    ProcessInfo find(long pid, long monoNow) {
        ProcessInfo p = table == null ? null : table.get(pid);
        if (p != null) {
            fromTable++;
            return p;
        }
        Object[] cached = procCache.get(pid);
        if (cached != null && monoNow - (Long) cached[1] < PROC_CACHE_NANOS) {
            return (ProcessInfo) cached[0];
        }
        p = fromProc(pid);
        procCache.put(pid, new Object[]{p, monoNow});
        if (p == null) {
            unknown++;
        } else {
            fromProc++;
        }
        return p;
    }

    /**
     * True when {@code who} may not be the image that wrote: unknown, or an image younger than {@code youngNanos}.
     * The proc connector reports a fork at once, but the audit records of the child's execs come through kauditd
     * a little later, and a spawn can exec more than once (java → jspawnhelper → sh → mv): a short-lived
     * {@code sh -c "echo x >> f"} has often written, closed and exited before its exec is in the table, and its
     * file event would name the parent (java, bash) or a launcher instead of the shell.
     */
    boolean uncertain(ProcessInfo who, long epochNanos, long youngNanos) {
        if (table == null) {
            return false; // nothing will ever update the answer
        }
        return who == null || (who.creationTimeNanos() != Event.NULL && epochNanos - who.creationTimeNanos() < youngNanos);
    }

    /**
     * The table's image for pid at that time, else {@code held}; but a writer read from /proc stays when the table
     * has only its pre-exec copy of the parent's image (the fork, seen before the exec's records came).
     */
    ProcessInfo settle(ProcessInfo held, long pid, long epochNanos) {
        ProcessInfo cur = table == null ? null : table.getAt(pid, epochNanos);
        if (cur == null) {
            return held;
        }
        if (held != null && held != cur && fromProcCache(pid) == held && held.imagePath() != null
                && !held.imagePath().equals(cur.imagePath())) {
            return held;
        }
        return cur;
    }

    private ProcessInfo fromProcCache(long pid) {
        Object[] cached = procCache.get(pid);
        return cached == null ? null : (ProcessInfo) cached[0];
    }

    private ProcessInfo fromProc(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            String exe = Files.readSymbolicLink(dir.resolve("exe")).toString();
            if (exe.endsWith(" (deleted)")) {
                exe = exe.substring(0, exe.length() - " (deleted)".length());
            }
            byte[] cl = Files.readAllBytes(dir.resolve("cmdline"));
            int n = cl.length;
            while (n > 0 && cl[n - 1] == 0) {
                n--;
            }
            for (int i = 0; i < n; i++) {
                if (cl[i] == 0) {
                    cl[i] = ' ';
                }
            }
            String cmd = new String(cl, 0, n, StandardCharsets.UTF_8);
            long ppid = 0;
            long uid = -1;
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("PPid:")) {
                    ppid = Long.parseLong(line.substring(5).trim());
                } else if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]); // effective uid
                }
            }
            long created = startTime(dir);
            Account acct = uid < 0 ? Account.UNKNOWN : new Account(userName(uid), hostName, Long.toString(uid));
            return new ProcessInfo(pid, ppid, created, exe, cmd, uid, acct, install(pid, ppid, exe, cmd));
        } catch (IOException | RuntimeException e) {
            return null; // exited, or a kernel thread without exe
        }
    }

    /**
     * The context the exec path would have given this process: the resolver's, with the nearest ancestor the table
     * knows standing in for the parent (the parent's own exec may not be in yet either: a shell's, below npm).
     */
    private InstallContext install(long pid, long ppid, String exe, String cmd) {
        if (installs == null || table == null) {
            return null;
        }
        long up = ppid;
        for (int depth = 0; depth < MAX_ANCESTRY && up > 1; depth++) {
            ProcessInfo a = table.get(up);
            if (a != null) {
                return installs.resolve(pid, exe, cmd, a.manager(), null, a.install(), null);
            }
            up = parentOf(up);
        }
        return null;
    }

    /** The 4th field of /proc/PID/stat, or -1. */
    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
            return Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Start time from /proc/PID/stat field 22 (clock ticks after boot, USER_HZ = 100 on Linux ABIs). */
    private long startTime(Path dir) throws IOException {
        String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Event.NULL;
        }
        String[] f = stat.substring(close + 2).split(" ");
        if (f.length < 20) {
            return Event.NULL;
        }
        long ticks = Long.parseLong(f[19]);
        if (bootEpochNanos == Long.MIN_VALUE) {
            bootEpochNanos = Event.NULL;
            for (String line : Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.UTF_8)) {
                if (line.startsWith("btime ")) {
                    bootEpochNanos = Long.parseLong(line.substring(6).trim()) * 1_000_000_000L;
                }
            }
        }
        return bootEpochNanos == Event.NULL ? Event.NULL : bootEpochNanos + ticks * 10_000_000L;
    }

    private String userName(long uid) {
        if (users == null) {
            users = new HashMap<>();
            try {
                for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                    String[] f = line.split(":");
                    if (f.length > 2) {
                        try {
                            users.putIfAbsent(Long.parseLong(f[2]), f[0]);
                        } catch (NumberFormatException ignored) {
                            // a comment or a broken line
                        }
                    }
                }
            } catch (IOException ignored) {
                // names stay unknown; the uid is still in the SID column
            }
        }
        return users.get(uid);
    }
}
