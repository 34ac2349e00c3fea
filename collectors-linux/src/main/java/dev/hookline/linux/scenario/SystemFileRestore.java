package dev.hookline.linux.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * A system file a scenario lets an install script append to (/etc/hosts, /etc/resolv.conf, /etc/nsswitch.conf):
 * its bytes, mode and modification time are read first and put back byte-exact when the scenario ends, whatever
 * happened (an undo step of the workspace), and from a shutdown hook if the runner is stopped meanwhile. The
 * bytes are written back into the same inode (truncate and write, never replace): these files are often bind
 * mounts in containers and VMs, which a rename would not reach.
 */
final class SystemFileRestore {
    private final Path path;
    private final byte[] bytes;
    private final Set<PosixFilePermission> mode;
    private final FileTime modified;

    private SystemFileRestore(Path path) throws IOException {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " is not a regular file: the scenario appends only to a plain file it can "
                    + "restore byte-exact");
        }
        this.path = path;
        this.bytes = Files.readAllBytes(path);
        this.mode = Files.getPosixFilePermissions(path);
        this.modified = Files.getLastModifiedTime(path);
    }

    /** Reads {@code path} now and registers its restore with the workspace (and a shutdown hook). */
    static SystemFileRestore guard(Workspace ws, String path) throws IOException {
        SystemFileRestore r = new SystemFileRestore(Path.of(path));
        Thread onExit = new Thread(() -> {
            try {
                r.restore();
            } catch (IOException e) {
                System.err.println("hookline: scenarios: could not restore " + path + ": " + e.getMessage());
            }
        }, "hookline-scenario-restore");
        Runtime.getRuntime().addShutdownHook(onExit);
        ws.onClose(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                return; // the hook restores
            }
            r.restore();
        });
        return r;
    }

    Path path() {
        return path;
    }

    /** True when the file holds more than it did: what the scenario's script was to append. */
    boolean grew() throws IOException {
        return Files.size(path) > bytes.length;
    }

    /** Puts the bytes, mode and time back; a no-op on the bytes when they are unchanged. Then checks them. */
    void restore() throws IOException {
        if (!Arrays.equals(Files.readAllBytes(path), bytes)) {
            Files.write(path, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.CREATE);
        }
        Files.setPosixFilePermissions(path, mode);
        Files.setLastModifiedTime(path, modified);
        if (!Arrays.equals(Files.readAllBytes(path), bytes)) {
            throw new IOException(path + " differs from its saved copy after the restore");
        }
    }
}
