package dev.hookline.linux.audit;

/** Constants of the kernel audit netlink protocol (include/uapi/linux/audit.h, elf-em.h). */
public final class AuditProtocol {
    private AuditProtocol() {
    }

    // Control messages
    public static final int AUDIT_GET = 1000;
    public static final int AUDIT_SET = 1001;
    public static final int AUDIT_ADD_RULE = 1011;
    public static final int AUDIT_DEL_RULE = 1012;
    public static final int AUDIT_LIST_RULES = 1013;
    public static final int AUDIT_REPLACE = 1329;

    // Event records
    public static final int AUDIT_FIRST_USER_MSG = 1100;
    public static final int AUDIT_LAST_USER_MSG2 = 2999;
    public static final int AUDIT_SYSCALL = 1300;
    public static final int AUDIT_PATH = 1302;
    public static final int AUDIT_IPC = 1303;
    public static final int AUDIT_CONFIG_CHANGE = 1305;
    public static final int AUDIT_SOCKADDR = 1306;
    public static final int AUDIT_CWD = 1307;
    public static final int AUDIT_EXECVE = 1309;
    public static final int AUDIT_EOE = 1320;
    public static final int AUDIT_PROCTITLE = 1327;

    // audit_status mask bits
    public static final int STATUS_ENABLED = 0x0001;
    public static final int STATUS_FAILURE = 0x0002;
    public static final int STATUS_PID = 0x0004;
    public static final int STATUS_RATE_LIMIT = 0x0008;
    public static final int STATUS_BACKLOG_LIMIT = 0x0010;
    public static final int STATUS_BACKLOG_WAIT_TIME = 0x0020;
    public static final int STATUS_LOST = 0x0040;

    public static final int FAIL_SILENT = 0;
    public static final int FAIL_PRINTK = 1;
    public static final int FAIL_PANIC = 2;

    /** Multicast group for read-only log listeners; needs CAP_AUDIT_READ. */
    public static final int AUDIT_NLGRP_READLOG = 1;

    // Rule filter lists, actions and flags
    public static final int AUDIT_FILTER_EXIT = 0x04;
    /** Record-type exclusion: a matching record is never formatted or sent (kernel audit_log_start). */
    public static final int AUDIT_FILTER_EXCLUDE = 0x05;
    public static final int AUDIT_FILTER_PREPEND = 0x10;
    public static final int AUDIT_NEVER = 0;
    public static final int AUDIT_ALWAYS = 2;

    // Rule fields and operators
    public static final int AUDIT_PID = 0;
    public static final int AUDIT_ARCH = 11;
    public static final int AUDIT_MSGTYPE = 12;
    public static final int AUDIT_SUCCESS = 104;
    public static final int AUDIT_ARG0 = 200;
    public static final int AUDIT_FILTERKEY = 210;
    public static final int AUDIT_EQUAL = 0x40000000;
    public static final int AUDIT_NOT_EQUAL = 0x30000000;
    public static final int AUDIT_MAX_FIELDS = 64;
    public static final int AUDIT_BITMASK_SIZE = 64;

    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    public static final int AUDIT_ARCH_I386 = 0x40000003;

    // x86_64 syscall numbers
    public static final int X64_CONNECT = 42;
    public static final int X64_ACCEPT = 43;
    public static final int X64_BIND = 49;
    public static final int X64_LISTEN = 50;
    public static final int X64_EXECVE = 59;
    public static final int X64_ACCEPT4 = 288;
    public static final int X64_EXECVEAT = 322;
    // i386 syscall numbers
    public static final int I386_EXECVE = 11;
    public static final int I386_SOCKETCALL = 102;
    public static final int I386_EXECVEAT = 358;
    public static final int I386_BIND = 361;
    public static final int I386_CONNECT = 362;
    public static final int I386_LISTEN = 363;
    public static final int I386_ACCEPT4 = 364;
    /** socketcall(2) call numbers (a0). */
    public static final int SYS_BIND = 2;
    public static final int SYS_CONNECT = 3;
    public static final int SYS_LISTEN = 4;
    public static final int SYS_ACCEPT4 = 18;
}
