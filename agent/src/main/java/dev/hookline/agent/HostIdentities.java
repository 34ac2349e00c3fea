package dev.hookline.agent;

import dev.hookline.collector.HostIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * DeviceName is the host name; DeviceId is stable per host: a SHA-1 (40 hex digits, the length of MDE's
 * DeviceId) of "hookline:" + the machine id, so the raw machine id is never exposed nor derivable in the form
 * other products hash it. Falls back to /var/lib/dbus/machine-id, then to the host name.
 */
public final class HostIdentities {
    private HostIdentities() {
    }

    public static HostIdentity detect() {
        String name = hostName();
        String seed = firstReadable(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));
        if (seed == null) {
            seed = "host:" + name;
        }
        return new HostIdentity(name, deviceId(seed.trim()));
    }

    private static String hostName() {
        String h = firstReadable(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname"));
        if (h != null && !h.isBlank()) {
            return h.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("COMPUTERNAME");
            return env != null ? env : "localhost";
        }
    }

    private static String firstReadable(Path... paths) {
        for (Path p : paths) {
            try {
                String s = Files.readString(p, StandardCharsets.UTF_8);
                if (!s.isBlank()) {
                    return s.trim();
                }
            } catch (IOException | SecurityException e) {
                // next candidate
            }
        }
        return null;
    }

    static String deviceId(String machineId) {
        return sha1Hex("hookline:" + machineId);
    }

    static String sha1Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
