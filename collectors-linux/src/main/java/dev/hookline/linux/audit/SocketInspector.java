package dev.hookline.linux.audit;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.Posix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Learns what the connect record does not say (Protocol, LocalIP, LocalPort) by borrowing the socket: pidfd_open
 * + pidfd_getfd (Linux 5.6+, needs ptrace access, which root has) duplicate the connecting process's fd into the
 * agent, then getsockopt(SO_PROTOCOL) and getsockname read it. The borrowed socket is checked against the record
 * (same family; same peer when it has one) because the process may have closed and reused the fd meanwhile. A
 * process that already exited or closed the socket gives null, and the columns stay empty rather than guessed.
 * Used for connect (the connecting socket), listen (the listening socket) and accept (the accepted socket, whose
 * peer also stands in for a missing SOCKADDR record). Whether a connecting socket is connected to the expected
 * peer is reported too: for a non-blocking connect (EINPROGRESS) it tells that the connection did succeed by the
 * time the record was read.
 */
public class SocketInspector {
    /**
     * What the borrowed socket says; protocol is "Tcp" or "Udp"; peer is null when it is not connected; connected:
     * a peer was expected and the socket is connected to it.
     */
    public record Info(String protocol, byte[] localAddress, int localPort, SockAddr peer, boolean connected) {
    }

    /** The borrowed socket is not an IPv4/IPv6 socket (AF_UNIX...): only returned when no remote was expected. */
    public static final Info NOT_IP = new Info(null, new byte[0], 0, null, false);

    private volatile boolean available = true;

    /**
     * Null when the socket cannot be inspected or does not match the expected remote address (when one is given);
     * {@link #NOT_IP} when no remote is expected and the socket is of another family.
     */
    public Info inspect(long pid, long fd, SockAddr expectedRemote) {
        if (!available || pid <= 0 || fd < 0 || fd > Integer.MAX_VALUE) {
            return null;
        }
        int pidfd = -1;
        int sock = -1;
        try {
            pidfd = (int) LibC.INSTANCE.syscall(LibC.SYS_PIDFD_OPEN, (int) pid, 0);
            sock = (int) LibC.INSTANCE.syscall(LibC.SYS_PIDFD_GETFD, pidfd, (int) fd, 0);
            byte[] v = new byte[4];
            IntByReference len = new IntByReference(4);
            LibC.INSTANCE.getsockopt(sock, LibC.SOL_SOCKET, LibC.SO_PROTOCOL, v, len);
            int proto = ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
            String protocol = proto == LibC.IPPROTO_TCP ? "Tcp" : proto == LibC.IPPROTO_UDP ? "Udp" : null;
            byte[] addr = new byte[128];
            IntByReference alen = new IntByReference(128);
            LibC.INSTANCE.getsockname(sock, addr, alen);
            SockAddr local = SockAddr.parse(addr, Math.min(alen.getValue(), 128));
            if (local == null && expectedRemote == null && alen.getValue() >= 2) {
                return NOT_IP;
            }
            if (local == null || (expectedRemote != null && local.family() != expectedRemote.family())) {
                return null;
            }
            SockAddr peer = peer(sock);
            if (expectedRemote != null && peer != null && !(peer.port() == expectedRemote.port()
                    && Arrays.equals(peer.address(), expectedRemote.address()))) {
                // Connected to someone else: the fd was closed and reused since the record.
                return null;
            }
            return new Info(protocol, local.address(), local.port(), peer, expectedRemote != null && peer != null);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 38) { // ENOSYS: kernel before 5.6
                available = false;
            }
            return null;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return null;
        } finally {
            Posix.closeQuietly(sock);
            Posix.closeQuietly(pidfd);
        }
    }

    /** The peer, or null when not connected (failed or in-progress connect, unconnected UDP, a listener). */
    private static SockAddr peer(int sock) {
        byte[] addr = new byte[128];
        IntByReference alen = new IntByReference(128);
        try {
            LibC.INSTANCE.getpeername(sock, addr, alen);
        } catch (LastErrorException e) {
            return null;
        }
        return SockAddr.parse(addr, Math.min(alen.getValue(), 128));
    }
}
