package dev.hookline.linux;

import dev.hookline.collector.HostIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Linux host identity: DeviceName is the host name (kernel.hostname), DeviceId the SHA-1 (40 hex digits, the
 * shape of MDE's DeviceId) of "hookline:" + /etc/machine-id, which is stable across reboots and unique per
 * installation; the prefix keeps the raw machine id from being derivable in other products' form. Falls back to
 * /var/lib/dbus/machine-id, then to the host name.
 */
public final class LinuxHost {
    private LinuxHost() {
    }

    public static HostIdentity identity() {
        String name = hostName();
        String machineId = firstReadable(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));
        return new HostIdentity(name, deviceId(machineId != null ? machineId : "host:" + name));
    }

    public static String hostName() {
        String h = firstReadable(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname"));
        return h == null || h.isEmpty() ? "localhost" : h;
    }

    static String deviceId(String machineId) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(("hookline:" + machineId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    private static String firstReadable(Path... paths) {
        for (Path p : paths) {
            try {
                String s = Files.readString(p, StandardCharsets.UTF_8).trim();
                if (!s.isEmpty()) {
                    return s;
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        return null;
    }
}
