package dev.hookline.linux.fanotify;

import com.sun.jna.LastErrorException;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.HealthSink;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.Posix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The fanotify group and its marks: fanotify_init in the best mode the kernel allows (rename, else dirname, else
 * fd), a filesystem mark per selected mount (a mount mark on kernels before 4.20), each mount's directory fd given
 * to the {@link HandleResolver}, and the ignore marks on the agent's own files. A mount that cannot be marked is
 * counted and raised as FanotifyMarkFailed. Closing the group drops every mark.
 */
final class FanotifyMarks implements AutoCloseable {
    static final String MODE_RENAME = "rename";
    static final String MODE_DIRNAME = "dirname";
    static final String MODE_FD = "fd";

    private final HealthSink health;
    private final FanotifyCounters counters;
    private final String mode;
    private int fd;
    private final List<String> marked = new ArrayList<>();
    private boolean markDenied;

    private FanotifyMarks(int fd, String mode, HealthSink health, FanotifyCounters counters) {
        this.fd = fd;
        this.mode = mode;
        this.health = health;
        this.counters = counters;
    }

    /** A group in the wanted mode, or (auto) the best one the kernel accepts. */
    static FanotifyMarks open(FanotifySettings.Mode wanted, HealthSink health, FanotifyCounters counters)
            throws CollectorException {
        List<String> modes = switch (wanted) {
            case AUTO -> List.of(MODE_RENAME, MODE_DIRNAME, MODE_FD);
            case RENAME -> List.of(MODE_RENAME);
            case DIRNAME -> List.of(MODE_DIRNAME);
            case FD -> List.of(MODE_FD);
        };
        LibC c = LibC.INSTANCE;
        for (String m : modes) {
            try {
                int fd = c.fanotify_init(Fan.FAN_CLASS_NOTIF | Fan.FAN_CLOEXEC | Fan.FAN_NONBLOCK | initFlags(m),
                        LibC.O_RDONLY | LibC.O_LARGEFILE | LibC.O_CLOEXEC);
                return new FanotifyMarks(fd, m, health, counters);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EPERM) {
                    throw new CollectorException("fanotify needs root (CAP_SYS_ADMIN): " + Posix.describe(e)
                            + "; file events are off");
                }
                if (e.getErrorCode() != LibC.EINVAL) {
                    throw new CollectorException("fanotify_init failed: " + Posix.describe(e) + "; file events are off");
                }
            }
        }
        throw new CollectorException("this kernel has no usable fanotify (built without CONFIG_FANOTIFY?); file events are off");
    }

    private static int initFlags(String m) {
        switch (m) {
            case MODE_RENAME:
                return Fan.FAN_REPORT_DFID_NAME | Fan.FAN_REPORT_FID | Fan.FAN_REPORT_TARGET_FID;
            case MODE_DIRNAME:
                return Fan.FAN_REPORT_DFID_NAME | Fan.FAN_REPORT_FID;
            default:
                return 0;
        }
    }

    /** rename, dirname or fd. */
    String mode() {
        return mode;
    }

    int fd() {
        return fd;
    }

    /** Mount points whose filesystems are marked. */
    List<String> marked() {
        return List.copyOf(marked);
    }

    int markedCount() {
        return marked.size();
    }

    private long markMask() {
        switch (mode) {
            case MODE_RENAME:
                return Fan.FAN_CREATE | Fan.FAN_DELETE | Fan.FAN_RENAME | Fan.FAN_MODIFY | Fan.FAN_CLOSE_WRITE | Fan.FAN_ONDIR;
            case MODE_DIRNAME:
                return Fan.FAN_CREATE | Fan.FAN_DELETE | Fan.FAN_MOVED_FROM | Fan.FAN_MOVED_TO | Fan.FAN_MODIFY
                        | Fan.FAN_CLOSE_WRITE | Fan.FAN_ONDIR;
            default:
                return Fan.FAN_MODIFY | Fan.FAN_CLOSE_WRITE;
        }
    }

    /** Marks each mount's filesystem (once per filesystem) and gives its directory fd to the resolver. */
    void markAll(List<Mount> mounts, HandleResolver resolver) {
        for (Mount m : mounts) {
            mark(m, resolver);
        }
    }

    /** Throws, with the group closed, when no filesystem could be marked. */
    void requireSomeMarked() throws CollectorException {
        if (!marked.isEmpty()) {
            return;
        }
        close();
        if (markDenied) {
            // Since 5.13 fanotify_init works unprivileged, but whole-filesystem marks still need CAP_SYS_ADMIN.
            throw new CollectorException("fanotify needs root (CAP_SYS_ADMIN) to watch whole filesystems: "
                    + "fanotify_mark(FAN_MARK_FILESYSTEM) was refused (EPERM); file events are off");
        }
        throw new CollectorException("no filesystem could be marked for fanotify (see health alerts); file events are off");
    }

    private void mark(Mount m, HandleResolver resolver) {
        LibC c = LibC.INSTANCE;
        int mfd;
        try {
            mfd = c.open(m.mountPoint(), LibC.O_RDONLY | Fan.O_DIRECTORY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            markFailed(m, "cannot open mount point: " + Posix.describe(e));
            return;
        }
        long fsid;
        byte[] st = new byte[120];
        try {
            c.fstatfs(mfd, st);
            fsid = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder()).getLong(56);
        } catch (LastErrorException e) {
            c.close(mfd);
            markFailed(m, "fstatfs failed: " + Posix.describe(e));
            return;
        }
        if (!mode.equals(MODE_FD) && resolver.knowsFsid(fsid)) {
            c.close(mfd); // same filesystem seen through another device number (btrfs subvolume): already marked
            return;
        }
        try {
            c.fanotify_mark(fd, Fan.FAN_MARK_ADD | Fan.FAN_MARK_FILESYSTEM, markMask(), Fan.AT_FDCWD, m.mountPoint());
        } catch (LastErrorException e) {
            boolean done = false;
            if (mode.equals(MODE_FD) && e.getErrorCode() == LibC.EINVAL) {
                try { // FAN_MARK_FILESYSTEM came in 4.20; before it, the mount is all we can mark
                    c.fanotify_mark(fd, Fan.FAN_MARK_ADD | Fan.FAN_MARK_MOUNT, markMask(), Fan.AT_FDCWD, m.mountPoint());
                    done = true;
                } catch (LastErrorException e2) {
                    e = e2;
                }
            }
            if (!done) {
                c.close(mfd);
                markDenied |= e.getErrorCode() == LibC.EPERM;
                markFailed(m, Posix.describe(e) + (e.getErrorCode() == 18 || e.getErrorCode() == 95
                        ? " (the filesystem cannot report file handles)" : ""));
                return;
            }
        }
        resolver.addMount(fsid, mfd);
        marked.add(m.mountPoint());
    }

    private void markFailed(Mount m, String why) {
        counters.markFailures.incrementAndGet();
        health.healthAlert("FanotifyMarkFailed", "file events on " + m.mountPoint() + " (" + m.fsType()
                + ") are not watched: " + why);
    }

    /**
     * Makes the kernel drop every MODIFY event of the file's inode (an ignore mark that survives modification);
     * false when the mark failed.
     */
    boolean ignoreModify(String path) {
        try {
            LibC.INSTANCE.fanotify_mark(fd, Fan.FAN_MARK_ADD | Fan.FAN_MARK_IGNORED_MASK
                    | Fan.FAN_MARK_IGNORED_SURV_MODIFY, Fan.FAN_MODIFY, Fan.AT_FDCWD, path);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Posix.closeQuietly(fd); // drops every mark of the group
            fd = -1;
        }
    }
}
