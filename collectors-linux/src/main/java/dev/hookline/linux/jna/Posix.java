package dev.hookline.linux.jna;

import com.sun.jna.LastErrorException;

/** The small wrapper that turns errno into a readable message. */
public final class Posix {
    private Posix() {
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
