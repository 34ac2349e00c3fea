package dev.hookline.windows.normalize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The NT device → Win32 prefix table {@link DevicePaths} uses, built from the volumes the OS lists: for each volume
 * its NT device (QueryDosDevice of its \\?\Volume{GUID} name) and its mount paths (GetVolumePathNamesForVolumeName:
 * "C:\" and any NTFS folders it is mounted on, "C:\mnt\data\"). A volume with a drive letter maps to the letter
 * ("C:"); one mounted on folders only maps to its shortest folder path ("C:\mnt\data"), the path Explorer and
 * Win32 programs use for files on it; a volume mounted nowhere is left out (its paths stay in NT form).
 */
public final class VolumeMounts {
    /**
     * One volume as listed.
     *
     * @param guidPath   "\\?\Volume{...}\" (for messages only)
     * @param device     "\Device\HarddiskVolume5"
     * @param mountPaths as GetVolumePathNamesForVolumeName gives them, each ending in a backslash
     */
    public record Volume(String guidPath, String device, List<String> mountPaths) {
    }

    private VolumeMounts() {
    }

    /** device → "C:" or "C:\mnt\data" (no trailing backslash), in the order the volumes were given. */
    public static Map<String, String> table(List<Volume> volumes) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Volume v : volumes) {
            if (v.device() == null || v.device().isEmpty()) {
                continue;
            }
            String prefix = prefix(v.mountPaths());
            if (prefix != null) {
                m.putIfAbsent(v.device(), prefix);
            }
        }
        return m;
    }

    /** The drive letter if there is one, else the shortest folder (then alphabetical, so the choice is stable). */
    static String prefix(List<String> mountPaths) {
        List<String> paths = new ArrayList<>();
        for (String p : mountPaths) {
            if (p != null && !p.isEmpty()) {
                paths.add(stripSlash(p));
            }
        }
        for (String p : paths) {
            if (isDriveLetter(p)) {
                return p.toUpperCase(Locale.ROOT);
            }
        }
        return paths.stream().min(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
                .orElse(null);
    }

    /**
     * The name QueryDosDevice takes for a volume GUID path: "\\?\Volume{...}\" without the "\\?\" prefix and the
     * trailing backslash; null for anything else.
     */
    public static String dosDeviceName(String guidPath) {
        if (guidPath == null || !guidPath.startsWith("\\\\?\\Volume{") || !guidPath.endsWith("}\\")) {
            return null;
        }
        return guidPath.substring(4, guidPath.length() - 1);
    }

    /** GetVolumePathNamesForVolumeName's answer: a REG_MULTI_SZ (NUL-separated, ending in two NULs). */
    public static List<String> multiSz(char[] buf, int length) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = Math.min(length, buf.length);
        for (int i = 0; i < n; i++) {
            if (buf[i] == 0) {
                if (i == start) {
                    break;
                }
                out.add(new String(buf, start, i - start));
                start = i + 1;
            }
        }
        return out;
    }

    private static String stripSlash(String p) {
        return p.length() > 1 && p.endsWith("\\") ? p.substring(0, p.length() - 1) : p;
    }

    private static boolean isDriveLetter(String p) {
        return p.length() == 2 && p.charAt(1) == ':' && Character.isLetter(p.charAt(0));
    }
}
