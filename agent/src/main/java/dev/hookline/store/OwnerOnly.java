package dev.hookline.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The store holds every command line the host ran (tokens and passwords passed as arguments included): its
 * directories are created mode 0700 and its files 0600 where the file system has POSIX permissions, whatever the
 * umask and wherever store.path points.
 */
final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /**
     * Creates the directory (and missing parents) and makes it owner-only when this call created it: an existing
     * directory keeps the mode its owner gave it (store.path could name a shared one).
     */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
    }

    /** Opens (creating 0600) a file for reading and writing. */
    static FileChannel open(Path file) throws IOException {
        boolean existed = Files.exists(file);
        FileChannel ch = FileChannel.open(file, java.util.Set.of(ChannelOpener.defaultOptions()), attributes("rw-------"));
        if (!existed) {
            restrict(file, "rw-------"); // umask-proof
        }
        return ch;
    }

    private static FileAttribute<?>[] attributes(String perms) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))}
                : new FileAttribute<?>[0];
    }

    static void restrict(Path p, String perms) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        }
    }
}
