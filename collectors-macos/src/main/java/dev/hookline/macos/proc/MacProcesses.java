package dev.hookline.macos.proc;

import com.sun.jna.ptr.LongByReference;
import dev.hookline.macos.net.LibProc;
import dev.hookline.process.Account;
import dev.hookline.process.CommandLines;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/**
 * What the OS shows about a running process now, through libproc and sysctl (macOS only): image path
 * (proc_pidpath), ppid, effective uid and start time (PROC_PIDTBSDINFO), command line (KERN_PROCARGS2). Used to
 * seed the process table at start and to resolve a pid the table has not seen.
 */
public final class MacProcesses implements LongFunction<ProcessInfo> {
    /** ARG_MAX on macOS is 1 MiB; argv + env fit in it. */
    static final int ARGS_BUFFER = 1 << 20;

    private final LibProc proc;
    private final LibC libc;
    private final LongFunction<Account> accounts;
    private final byte[] path = new byte[LibProc.PROC_PIDPATHINFO_MAXSIZE];
    private final byte[] bsd = new byte[BsdInfo.SIZE];
    private byte[] args;

    public MacProcesses(LibProc proc, LibC libc, LongFunction<Account> accounts) {
        this.proc = proc;
        this.libc = libc;
        this.accounts = accounts;
    }

    /** Adds every running process to the table; returns how many. */
    public synchronized int seed(ProcessTable table) {
        int[] pids = new int[8192];
        int bytes = proc.proc_listpids(LibProc.PROC_ALL_PIDS, 0, pids, pids.length * 4);
        int n = 0;
        for (int i = 0; i < Math.max(0, bytes / 4); i++) {
            if (pids[i] > 0 && table.get(pids[i]) == null) {
                ProcessInfo p = read(pids[i]);
                if (p != null) {
                    table.put(p);
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public ProcessInfo apply(long pid) {
        return read(pid);
    }

    public synchronized ProcessInfo read(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return null;
        }
        int got = proc.proc_pidinfo((int) pid, LibProc.PROC_PIDTBSDINFO, 0, bsd, bsd.length);
        BsdInfo info = BsdInfo.decode(bsd, got);
        if (info == null) {
            return null;
        }
        int plen = proc.proc_pidpath((int) pid, path, path.length);
        String image = plen > 0 ? new String(path, 0, plen, StandardCharsets.UTF_8) : info.comm();
        String cmd = commandLine((int) pid);
        long start = info.startEpochNanos() == Long.MIN_VALUE ? Event.NULL : info.startEpochNanos();
        return new ProcessInfo(pid, info.ppid(), start, image, cmd, info.uid(), accounts.apply(info.uid()));
    }

    private String commandLine(int pid) {
        if (args == null) {
            args = new byte[ARGS_BUFFER];
        }
        LongByReference len = new LongByReference(args.length);
        int rc = libc.sysctl(new int[] {LibC.CTL_KERN, LibC.KERN_PROCARGS2, pid}, 3, args, len, null, 0);
        if (rc != 0) {
            return null;
        }
        ProcArgs2.Args a = ProcArgs2.parse(args, (int) Math.min(len.getValue(), args.length));
        return a.argv().isEmpty() ? null : CommandLines.join(a.argv());
    }
}
