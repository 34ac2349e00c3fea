package dev.hookline.windows.normalize;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the NT paths ETW reports (\Device\HarddiskVolume3\Windows\System32\cmd.exe) into the drive-letter paths MDE
 * shows (C:\Windows\System32\cmd.exe), from a device → prefix table (on Windows built by {@link VolumeMounts}: the
 * drive letter, or the NTFS folder a volume without one is mounted on, C:\mnt\data\file.txt). Also
 * strips the \??\ prefix. Network files (\Device\Mup\server\share\...) become UNC paths (\\server\share\...), as
 * MDE shows them; a volume shadow copy (\Device\HarddiskVolumeShadowCopyN\...) has no drive letter and is kept
 * reachable as \\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\... (a path Win32 APIs accept). A path on any
 * other unknown device is returned unchanged.
 */
public final class DevicePaths {
    private final Map<String, String> deviceToDrive = new TreeMap<>();

    /** @param deviceToDrive e.g. "\Device\HarddiskVolume3" → "C:" */
    public DevicePaths(Map<String, String> deviceToDrive) {
        deviceToDrive.forEach((k, v) -> this.deviceToDrive.put(k.toLowerCase(Locale.ROOT), v));
    }

    public String toDos(String nt) {
        if (nt == null || nt.isEmpty()) {
            return nt;
        }
        if (nt.startsWith("\\??\\")) {
            return nt.substring(4);
        }
        if (!nt.regionMatches(true, 0, "\\Device\\", 0, 8)) {
            return nt;
        }
        int end = nt.indexOf('\\', 8);
        String device = (end < 0 ? nt : nt.substring(0, end)).toLowerCase(Locale.ROOT);
        String drive = deviceToDrive.get(device);
        if (drive == null) {
            if (device.equals("\\device\\mup")) {
                return end < 0 ? nt : "\\" + nt.substring(end);
            }
            if (device.startsWith("\\device\\harddiskvolumeshadowcopy")) {
                return "\\\\?\\GLOBALROOT" + nt;
            }
            return nt;
        }
        return end < 0 ? drive + "\\" : drive + nt.substring(end);
    }
}
