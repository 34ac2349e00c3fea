package dev.hookline.macos.proc;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/** The macOS libc calls Hookline uses (sysctl for KERN_PROCARGS2, getpwuid for account names). Loaded lazily. */
public interface LibC extends Library {
    int CTL_KERN = 1;
    int KERN_PROCARGS2 = 49;

    final class Holder {
        static final LibC INSTANCE = Native.load("c", LibC.class);

        private Holder() {
        }
    }

    static LibC instance() {
        return Holder.INSTANCE;
    }

    /** int sysctl(int *name, u_int namelen, void *oldp, size_t *oldlenp, void *newp, size_t newlen); LP64 only. */
    int sysctl(int[] name, int namelen, byte[] oldp, LongByReference oldlenp, Pointer newp, long newlen);

    /** struct passwd *getpwuid(uid_t); pw_name (char *) is the first member. Not reentrant: callers lock. */
    Pointer getpwuid(int uid);
}
