package dev.hookline.linux.fanotify;

/** fanotify constants from include/uapi/linux/fanotify.h (values are ABI, stable across kernels). */
final class Fan {
    private Fan() {
    }

    static final int FAN_CLOEXEC = 0x1;
    static final int FAN_NONBLOCK = 0x2;
    static final int FAN_CLASS_NOTIF = 0x0;
    static final int FAN_REPORT_FID = 0x200;      // 5.1
    static final int FAN_REPORT_DIR_FID = 0x400;  // 5.9
    static final int FAN_REPORT_NAME = 0x800;     // 5.9
    static final int FAN_REPORT_TARGET_FID = 0x1000; // 5.17
    static final int FAN_REPORT_DFID_NAME = FAN_REPORT_DIR_FID | FAN_REPORT_NAME;

    static final int FAN_MARK_ADD = 0x1;
    static final int FAN_MARK_MOUNT = 0x10;
    static final int FAN_MARK_IGNORED_MASK = 0x20;
    static final int FAN_MARK_IGNORED_SURV_MODIFY = 0x40;
    static final int FAN_MARK_FILESYSTEM = 0x100;

    static final long FAN_MODIFY = 0x2;
    static final long FAN_CLOSE_WRITE = 0x8;
    static final long FAN_MOVED_FROM = 0x40;
    static final long FAN_MOVED_TO = 0x80;
    static final long FAN_CREATE = 0x100;
    static final long FAN_DELETE = 0x200;
    static final long FAN_Q_OVERFLOW = 0x4000;
    static final long FAN_RENAME = 0x10000000L;   // 5.17
    static final long FAN_ONDIR = 0x40000000L;

    static final int INFO_FID = 1;
    static final int INFO_DFID_NAME = 2;
    static final int INFO_DFID = 3;
    static final int INFO_OLD_DFID_NAME = 10;
    static final int INFO_NEW_DFID_NAME = 12;

    static final int METADATA_LEN = 24;
    static final int METADATA_VERSION = 3;
    static final int FAN_NOFD = -1;

    static final int O_PATH = 0x200000;
    static final int O_DIRECTORY = 0x10000;
    static final int AT_FDCWD = -100;
    static final int ESTALE = 116;
}
