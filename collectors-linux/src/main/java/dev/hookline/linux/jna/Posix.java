package dev.hookline.linux.jna;

import com.sun.jna.LastErrorException;

/** The small wrapper that turns errno into a readable message. */
public final class Posix {
    private Posix() {
    }

    /** Closes a descriptor, ignoring an error (it is gone either way); a negative fd is a no-op. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException e) {
                // already closed, or EINTR/EIO: Linux releases the descriptor regardless
            }
        }
    }

    public static String describe(LastErrorException e) {
        return describe(e.getErrorCode());
    }

    public static String describe(int errno) {
        String s;
        try {
            s = LibC.INSTANCE.strerror(errno);
        } catch (RuntimeException | UnsatisfiedLinkError ex) {
            s = null;
        }
        return (s == null ? "errno" : s) + " (errno " + errno + ")";
    }
}
