package dev.hookline.macos.net;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The libproc calls Hookline uses (macOS; the functions live in libSystem, declared in libproc.h). Loaded on
 * first use of {@link #INSTANCE} only, so nothing here touches native code on other systems. Buffers are plain
 * byte arrays decoded by explicit offsets ({@link SocketFdInfo}, {@link dev.hookline.macos.proc.BsdInfo}).
 */
public interface LibProc extends Library {
    /** proc_listpids type: every pid. */
    int PROC_ALL_PIDS = 1;
    /** proc_pidinfo flavors. */
    int PROC_PIDLISTFDS = 1;
    int PROC_PIDTBSDINFO = 3;
    /** proc_pidfdinfo flavor. */
    int PROC_PIDFDSOCKETINFO = 3;
    /** proc_fdinfo.proc_fdtype of a socket. */
    int PROX_FDTYPE_SOCKET = 2;
    /** sizeof(struct proc_fdinfo): int32 proc_fd, uint32 proc_fdtype. */
    int PROC_FDINFO_SIZE = 8;
    int PROC_PIDPATHINFO_MAXSIZE = 4 * 1024;

    final class Holder {
        static final LibProc INSTANCE = Native.load("System", LibProc.class);

        private Holder() {
        }
    }

    static LibProc instance() {
        return Holder.INSTANCE;
    }

    /** int proc_listpids(uint32_t type, uint32_t typeinfo, void *buffer, int buffersize): bytes filled. */
    int proc_listpids(int type, int typeinfo, int[] buffer, int buffersize);

    /** int proc_pidinfo(int pid, int flavor, uint64_t arg, void *buffer, int buffersize): bytes filled, 0 on error. */
    int proc_pidinfo(int pid, int flavor, long arg, byte[] buffer, int buffersize);

    /** int proc_pidfdinfo(int pid, int fd, int flavor, void *buffer, int buffersize): bytes filled. */
    int proc_pidfdinfo(int pid, int fd, int flavor, byte[] buffer, int buffersize);

    /** int proc_pidpath(int pid, void *buffer, uint32_t buffersize): length of the path, 0 on error. */
    int proc_pidpath(int pid, byte[] buffer, int buffersize);
}
