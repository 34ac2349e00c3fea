package dev.hookline.linux.proc;

import dev.hookline.linux.jna.LibC;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads processes straight from /proc (stat, exe, cmdline, status) to seed the process table at start and to fill
 * in a parent the table has never seen. Creation time = boot time (btime of /proc/stat, whole seconds, rounded down
 * so a seeded process never looks younger than it is) + starttime ticks / CLK_TCK.
 */
public final class ProcFs {
    private final Path root;
    private final long bootEpochNanos;
    private final long clkTck;
    private final Passwd passwd;
    /** Seeded and late-found processes have their cgroup read: a process already in a container at start. */
    private final ContainerLookup containers;

    public ProcFs(Path root, Passwd passwd) {
        this.root = root;
        this.passwd = passwd;
        this.containers = new ContainerLookup(root, Path.of("/var/lib/docker/containers"));
        this.bootEpochNanos = readBootTime(root) * 1_000_000_000L;
        this.clkTck = clockTicks();
    }

    public static ProcFs system(Passwd passwd) {
        return new ProcFs(Path.of("/proc"), passwd);
    }

    static long clockTicks() {
        try {
            long t = LibC.INSTANCE.sysconf(LibC._SC_CLK_TCK);
            return t > 0 ? t : 100;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return 100; // USER_HZ is 100 on every Linux architecture Hookline supports
        }
    }

    static long readBootTime(Path root) {
        try {
            return parseBootTime(Files.readString(root.resolve("stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The btime line of /proc/stat (epoch seconds of boot), or 0. */
    public static long parseBootTime(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("btime ")) {
                try {
                    return Long.parseLong(line.substring(6).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** Epoch nanoseconds of a stat starttime in clock ticks since boot. */
    public long creationNanos(long startTicks) {
        return bootEpochNanos + startTicks * (1_000_000_000L / clkTck);
    }

    /** Strips the " (deleted)" the kernel appends to the exe link of a replaced or removed binary. */
    public static String cleanExe(String exe) {
        if (exe != null && exe.endsWith(" (deleted)")) {
            return exe.substring(0, exe.length() - 10);
        }
        return exe;
    }

    /** The process as /proc shows it now, or null when it is gone or is a kernel thread (no exe). */
    public ProcessInfo read(long pid) {
        Path dir = root.resolve(Long.toString(pid));
        try {
            ProcStat st = ProcStat.parse(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8));
            if (st == null) {
                return null;
            }
            String exe;
            try {
                exe = cleanExe(Files.readSymbolicLink(dir.resolve("exe")).toString());
            } catch (IOException | UnsupportedOperationException e) {
                return null; // kernel thread or already exited
            }
            byte[] cmd = Files.readAllBytes(dir.resolve("cmdline"));
            String cmdline = CommandLine.join(CommandLine.splitNul(cmd, cmd.length));
            long uid = ProcStatus.effectiveUid(Files.readString(dir.resolve("status"), StandardCharsets.UTF_8));
            return new ProcessInfo(pid, st.ppid(), creationNanos(st.startTicks()), exe, cmdline, uid,
                    passwd == null ? null : passwd.account(uid), null, containers.read(pid));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Puts every readable user-space process into the table; returns how many. */
    public int seed(ProcessTable table) {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (table.get(pid) != null && !table.get(pid).exited()) {
                    continue; // already known from a live source; the live source is fresher
                }
                ProcessInfo info = read(pid);
                if (info != null) {
                    table.put(info);
                    n++;
                }
            }
        } catch (IOException e) {
            return n;
        }
        return n;
    }

    public boolean alive(long pid) {
        return Files.exists(root.resolve(Long.toString(pid)));
    }
}
