package dev.hookline.process;

import dev.hookline.install.InstallContext;
import dev.hookline.install.Managers;
import dev.hookline.schema.Event;

/**
 * What the agent knows about one process image: an exec replaces the entry for the pid with a new one, since
 * MDE reports each exec as its own process. Fields are final so readers on other threads need no locking; only
 * the exit time changes, once.
 */
public final class ProcessInfo {
    private final long pid;
    private final long ppid;
    private final long creationTimeNanos;
    private final String imagePath;
    private final String fileName;
    private final String commandLine;
    private final long uid;
    private final Account account;
    private final InstallContext install;
    private final ContainerIds.Container container;
    /** Which package manager this image is, worked out once for all its children: "" none, null not yet. */
    private volatile String manager;
    private volatile long exitTimeNanos = Event.NULL;

    public ProcessInfo(long pid, long ppid, long creationTimeNanos, String imagePath, String commandLine, long uid,
                       Account account) {
        this(pid, ppid, creationTimeNanos, imagePath, commandLine, uid, account, null);
    }

    /** @param install the package install step the image runs under (see dev.hookline.install), or null */
    public ProcessInfo(long pid, long ppid, long creationTimeNanos, String imagePath, String commandLine, long uid,
                       Account account, InstallContext install) {
        this(pid, ppid, creationTimeNanos, imagePath, commandLine, uid, account, install, null);
    }

    /** @param container the container the image runs in, or null on the host */
    public ProcessInfo(long pid, long ppid, long creationTimeNanos, String imagePath, String commandLine, long uid,
                       Account account, InstallContext install, ContainerIds.Container container) {
        this.install = install;
        this.container = container;
        this.pid = pid;
        this.ppid = ppid;
        this.creationTimeNanos = creationTimeNanos;
        this.imagePath = imagePath;
        this.fileName = Paths.fileName(imagePath);
        this.commandLine = commandLine;
        this.uid = uid;
        this.account = account == null ? Account.UNKNOWN : account;
    }

    public long pid() {
        return pid;
    }

    public long ppid() {
        return ppid;
    }

    /** Epoch nanoseconds, or Event.NULL when unknown. */
    public long creationTimeNanos() {
        return creationTimeNanos;
    }

    /** Full path of the executable image (MDE's FolderPath includes the file name). */
    public String imagePath() {
        return imagePath;
    }

    public String fileName() {
        return fileName;
    }

    public String commandLine() {
        return commandLine;
    }

    public long uid() {
        return uid;
    }

    public Account account() {
        return account;
    }

    /** The package install step this image runs under, or null when none (see dev.hookline.install). */
    public InstallContext install() {
        return install;
    }

    /** The package manager this image is (npm as node, pip as python...), or null; computed once. */
    public String manager() {
        String m = manager;
        if (m == null) {
            m = Managers.of(fileName, commandLine);
            m = m == null ? "" : m;
            manager = m;
        }
        return m.isEmpty() ? null : m;
    }

    /** The container this image runs in, or null (on the host, or not known). */
    public ContainerIds.Container container() {
        return container;
    }

    public long exitTimeNanos() {
        return exitTimeNanos;
    }

    public boolean exited() {
        return exitTimeNanos != Event.NULL;
    }

    void markExited(long nanos) {
        if (exitTimeNanos == Event.NULL) {
            exitTimeNanos = nanos;
        }
    }

    /** True when this image was the one running as pid at the given time. */
    public boolean aliveAt(long nanos) {
        boolean started = creationTimeNanos == Event.NULL || creationTimeNanos <= nanos;
        long exit = exitTimeNanos;
        return started && (exit == Event.NULL || nanos <= exit);
    }

    @Override
    public String toString() {
        return "ProcessInfo{pid=" + pid + ", ppid=" + ppid + ", image=" + imagePath + ", cmd=" + commandLine + '}';
    }
}
