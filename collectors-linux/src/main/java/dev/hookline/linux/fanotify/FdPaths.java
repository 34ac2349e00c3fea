package dev.hookline.linux.fanotify;

import com.sun.jna.LastErrorException;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.Posix;
import java.nio.charset.StandardCharsets;

/** fd mode: the path of an event's open descriptor, from its /proc/self/fd link; the descriptor is closed. */
interface FdPaths {
    /** The file's path (without " (deleted)"), or null when the link cannot be read; closes {@code fd}. */
    String takePath(int fd);

    /** Through /proc/self/fd; one buffer, so for one thread (the reader). */
    static FdPaths proc() {
        byte[] link = new byte[4096];
        return fd -> {
            try {
                int n = LibC.INSTANCE.readlink("/proc/self/fd/" + fd, link, link.length);
                String path = new String(link, 0, n, StandardCharsets.UTF_8);
                if (path.endsWith(" (deleted)")) {
                    path = path.substring(0, path.length() - " (deleted)".length());
                }
                return path;
            } catch (LastErrorException e) {
                return null;
            } finally {
                Posix.closeQuietly(fd);
            }
        };
    }
}
