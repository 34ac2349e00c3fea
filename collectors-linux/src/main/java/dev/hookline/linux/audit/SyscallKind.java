package dev.hookline.linux.audit;

/** What an audited syscall means to Hookline, from the SYSCALL record's arch, syscall number and a0. */
public enum SyscallKind {
    EXEC, CONNECT, BIND, LISTEN, ACCEPT, OTHER;

    public static SyscallKind of(long arch, long nr, long a0) {
        if (arch == (AuditProtocol.AUDIT_ARCH_X86_64 & 0xffffffffL)) {
            switch ((int) nr) {
                case AuditProtocol.X64_EXECVE: case AuditProtocol.X64_EXECVEAT: return EXEC;
                case AuditProtocol.X64_CONNECT: return CONNECT;
                case AuditProtocol.X64_BIND: return BIND;
                case AuditProtocol.X64_LISTEN: return LISTEN;
                case AuditProtocol.X64_ACCEPT: case AuditProtocol.X64_ACCEPT4: return ACCEPT;
                default: return OTHER;
            }
        }
        if (arch == (AuditProtocol.AUDIT_ARCH_I386 & 0xffffffffL)) {
            switch ((int) nr) {
                case AuditProtocol.I386_EXECVE: case AuditProtocol.I386_EXECVEAT: return EXEC;
                case AuditProtocol.I386_CONNECT: return CONNECT;
                case AuditProtocol.I386_BIND: return BIND;
                case AuditProtocol.I386_LISTEN: return LISTEN;
                case AuditProtocol.I386_ACCEPT4: return ACCEPT;
                case AuditProtocol.I386_SOCKETCALL:
                    return a0 == AuditProtocol.SYS_CONNECT ? CONNECT : a0 == AuditProtocol.SYS_BIND ? BIND
                            : a0 == AuditProtocol.SYS_LISTEN ? LISTEN : a0 == AuditProtocol.SYS_ACCEPT4 ? ACCEPT : OTHER;
                default: return OTHER;
            }
        }
        return OTHER;
    }

    /** True for i386 socketcall(2), whose a1 points at the arguments, so the fd is not in the record. */
    public static boolean viaSocketcall(long arch, long nr) {
        return arch == (AuditProtocol.AUDIT_ARCH_I386 & 0xffffffffL) && nr == AuditProtocol.I386_SOCKETCALL;
    }
}
