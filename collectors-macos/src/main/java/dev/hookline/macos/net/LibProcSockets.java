package dev.hookline.macos.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes a snapshot of every IP socket of every process through libproc (macOS only; run as root to see other
 * users' processes). Per process: PROC_PIDLISTFDS, then PROC_PIDFDSOCKETINFO for each socket descriptor. A
 * process or descriptor that disappears mid-walk is skipped. Buffers are reused between polls.
 */
public final class LibProcSockets {
    private final LibProc lib;
    private int[] pids = new int[4096];
    private byte[] fds = new byte[LibProc.PROC_FDINFO_SIZE * 256];
    private final byte[] sock = new byte[SocketFdInfo.SIZE];
    private long errors;

    public LibProcSockets(LibProc lib) {
        this.lib = lib;
    }

    public List<ConnectionTracker.Owned> snapshot(long skipPid) {
        List<ConnectionTracker.Owned> out = new ArrayList<>();
        int n = listPids();
        for (int i = 0; i < n; i++) {
            int pid = pids[i];
            if (pid <= 0 || pid == skipPid) {
                continue;
            }
            int bytes = listFds(pid);
            for (int off = 0; off + LibProc.PROC_FDINFO_SIZE <= bytes; off += LibProc.PROC_FDINFO_SIZE) {
                int fd = le32(fds, off);
                int type = le32(fds, off + 4);
                if (type != LibProc.PROX_FDTYPE_SOCKET) {
                    continue;
                }
                int got = lib.proc_pidfdinfo(pid, fd, LibProc.PROC_PIDFDSOCKETINFO, sock, sock.length);
                if (got < SocketFdInfo.SIZE) {
                    continue; // closed meanwhile, or a kernel with a different layout: never guess
                }
                SocketFdInfo.Socket s = SocketFdInfo.decode(sock, got);
                if (s != null) {
                    out.add(new ConnectionTracker.Owned(pid, fd, s));
                }
            }
        }
        return out;
    }

    private int listPids() {
        while (true) {
            int bytes = lib.proc_listpids(LibProc.PROC_ALL_PIDS, 0, pids, pids.length * 4);
            if (bytes <= 0) {
                errors++;
                return 0;
            }
            int n = bytes / 4;
            if (n < pids.length) {
                return n;
            }
            pids = new int[pids.length * 2];
        }
    }

    private int listFds(int pid) {
        while (true) {
            int bytes = lib.proc_pidinfo(pid, LibProc.PROC_PIDLISTFDS, 0, fds, fds.length);
            if (bytes <= 0) {
                return 0;
            }
            if (bytes < fds.length) {
                return bytes;
            }
            fds = new byte[fds.length * 2];
        }
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8) | ((b[off + 2] & 0xff) << 16) | ((b[off + 3] & 0xff) << 24);
    }

    public long errors() {
        return errors;
    }
}
