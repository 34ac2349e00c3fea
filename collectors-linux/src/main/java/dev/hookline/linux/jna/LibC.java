package dev.hookline.linux.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.ByteBuffer;

/**
 * The libc calls the Linux collectors use (netlink, fanotify, AF_PACKET), declared in the JNA platform style: one
 * interface for the library, errors surfaced as {@link LastErrorException} and turned into messages by
 * {@link Posix}. Add a function here rather than declaring libc a second time.
 */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int AF_NETLINK = 16;
    int AF_PACKET = 17;
    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_STREAM = 1;
    int SOCK_DGRAM = 2;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_RCVBUF = 8;
    int SO_RCVBUFFORCE = 33;
    int SO_RCVTIMEO = 20;
    int SO_ATTACH_FILTER = 26;
    int SOL_NETLINK = 270;
    int NETLINK_ADD_MEMBERSHIP = 1;
    int NETLINK_NO_ENOBUFS = 5;
    int NETLINK_AUDIT = 9;
    int NETLINK_CONNECTOR = 11;
    int MSG_DONTWAIT = 0x40;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int O_LARGEFILE = 0x8000;
    int EINTR = 4;
    int EAGAIN = 11;
    int ENOBUFS = 105;
    int EPERM = 1;
    int EINVAL = 22;
    int ENOENT = 2;
    int EEXIST = 17;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

    int sendto(int fd, byte[] buf, int len, int flags, byte[] addr, int addrLen) throws LastErrorException;

    int recv(int fd, ByteBuffer buf, int len, int flags) throws LastErrorException;

    int recvfrom(int fd, ByteBuffer buf, int len, int flags, byte[] addr, IntByReference addrLen) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;

    int getsockopt(int fd, int level, int name, byte[] value, IntByReference len) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int read(int fd, ByteBuffer buf, int len) throws LastErrorException;

    int fanotify_init(int flags, int eventFlags) throws LastErrorException;

    int fanotify_mark(int fd, int flags, long mask, int dirfd, String path) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int open_by_handle_at(int mountFd, Pointer handle, int flags) throws LastErrorException;

    int readlink(String path, byte[] buf, int size) throws LastErrorException;

    /** struct statfs is 120 bytes on 64-bit Linux; f_fsid (what fanotify reports as fsid) sits at offset 56. */
    int fstatfs(int fd, byte[] buf) throws LastErrorException;

    int poll(Pointer fds, int nfds, int timeout) throws LastErrorException;

    int eventfd(int initval, int flags) throws LastErrorException;

    int write(int fd, byte[] buf, int len) throws LastErrorException;

    int read(int fd, byte[] buf, int len) throws LastErrorException;

    int getpid();

    String strerror(int errnum);

    // --- audit / proc collector (dev.hookline.linux.audit, .proc) ---
    int EPROTONOSUPPORT = 93;
    int EFD_NONBLOCK = 0x800;
    int EFD_CLOEXEC = 0x80000;
    int ECONNREFUSED = 111;
    int EINPROGRESS = 115;
    int EACCES = 13;
    int ESRCH = 3;
    int EBADF = 9;
    int SO_TYPE = 3;
    int SO_PROTOCOL = 38;
    int IPPROTO_TCP = 6;
    int IPPROTO_UDP = 17;
    /** x86_64 and generic syscall numbers (new syscalls share numbers across architectures since 5.x). */
    long SYS_PIDFD_OPEN = 434;
    long SYS_PIDFD_GETFD = 438;

    int getsockname(int fd, byte[] addr, IntByReference addrLen) throws LastErrorException;

    int getpeername(int fd, byte[] addr, IntByReference addrLen) throws LastErrorException;

    /** Variadic libc syscall(2); JNA passes the varargs with the variadic calling convention. */
    long syscall(long number, Object... args) throws LastErrorException;

    long sysconf(int name);

    int _SC_CLK_TCK = 2;
}
