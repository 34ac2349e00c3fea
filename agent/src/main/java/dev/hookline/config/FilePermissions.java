package dev.hookline.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Refuses a config file that holds a secret when others than its owner can read it. */
final class FilePermissions {
    private FilePermissions() {
    }

    static void requireOwnerOnly(Path file, String key) throws ConfigException {
        Set<PosixFilePermission> p;
        try {
            p = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot check the permissions of a file holding " + key + ": "
                    + e.getMessage());
        }
        if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)
                || p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new ConfigException(file + ": holds " + key + " but its permissions are "
                    + PosixFilePermissions.toString(p) + "; make it readable by its owner only (chmod 600 " + file
                    + ") or name an environment variable in client_secret_env instead");
        }
    }
}
