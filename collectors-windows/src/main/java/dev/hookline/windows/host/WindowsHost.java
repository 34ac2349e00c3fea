package dev.hookline.windows.host;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;
import dev.hookline.windows.normalize.DevicePaths;
import dev.hookline.windows.normalize.SidResolver;
import dev.hookline.windows.normalize.VolumeMounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;

/**
 * The Windows-only pieces the normalizer needs from the OS: SID → account names, NT device → drive letter table,
 * the elevation check, and the process-table seed. Only {@code EtwCollector} on Windows references this class, so
 * kernel32/advapi32 are never loaded elsewhere.
 */
public final class WindowsHost {
    private WindowsHost() {
    }

    /** True when the process token is elevated (Administrator or LocalSystem). */
    public static boolean elevated() {
        return Advapi32Util.isCurrentProcessElevated();
    }

    /**
     * LookupAccountSid for one SID (blocking: a domain SID may wait for a domain controller); null names when the
     * SID has none. Run off the ETW callback thread (AccountCache's resolver, or the start-up seed).
     */
    public static Account lookupAccount(String sid) {
        try {
            Advapi32Util.Account a = Advapi32Util.getAccountBySid(sid);
            return new Account(a.name, a.domain, sid);
        } catch (RuntimeException e) {
            return new Account(null, null, sid);
        }
    }

    /**
     * NT device → Win32 prefix: every volume's drive letter or, for a volume mounted on an NTFS folder only, that
     * folder (FindFirstVolume/FindNextVolume, QueryDosDevice, GetVolumePathNamesForVolumeName); then any drive
     * letter QueryDosDevice knows that is not a volume's (SUBST, network drives).
     */
    public static DevicePaths devicePaths() {
        return new DevicePaths(deviceMap());
    }

    /** The table behind {@link #devicePaths()} (also what a recording keeps of the host). */
    public static Map<String, String> deviceMap() {
        Map<String, String> map = new LinkedHashMap<>(VolumeMounts.table(volumes()));
        char[] buf = new char[1024];
        for (char d = 'A'; d <= 'Z'; d++) {
            String drive = d + ":";
            int n = Kernel32.INSTANCE.QueryDosDevice(drive, buf, buf.length);
            if (n > 0) {
                map.putIfAbsent(firstString(buf, n), drive);
            }
        }
        return map;
    }

    private static List<VolumeMounts.Volume> volumes() {
        List<VolumeMounts.Volume> out = new ArrayList<>();
        char[] name = new char[WinDef.MAX_PATH];
        WinNT.HANDLE h = Kernel32.INSTANCE.FindFirstVolume(name, name.length);
        if (WinBase.INVALID_HANDLE_VALUE.equals(h)) {
            return out;
        }
        try {
            do {
                String guidPath = firstString(name, name.length);
                String dosName = VolumeMounts.dosDeviceName(guidPath);
                if (dosName != null) {
                    char[] dev = new char[WinDef.MAX_PATH];
                    int n = Kernel32.INSTANCE.QueryDosDevice(dosName, dev, dev.length);
                    char[] paths = new char[4096];
                    IntByReference len = new IntByReference();
                    List<String> mounts = Kernel32.INSTANCE.GetVolumePathNamesForVolumeName(guidPath, paths,
                            paths.length, len) ? VolumeMounts.multiSz(paths, len.getValue()) : List.of();
                    if (n > 0) {
                        out.add(new VolumeMounts.Volume(guidPath, firstString(dev, n), mounts));
                    }
                }
            } while (Kernel32.INSTANCE.FindNextVolume(h, name, name.length));
        } finally {
            Kernel32.INSTANCE.FindVolumeClose(h);
        }
        return out;
    }

    private static String firstString(char[] buf, int n) {
        int end = 0;
        while (end < n && end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end);
    }

    /** Fills the table with the processes running now (OSHI), so events of older processes find their initiator. */
    public static int seed(ProcessTable table, SidResolver sids) {
        int n = 0;
        for (OSProcess p : new SystemInfo().getOperatingSystem().getProcesses()) {
            String path = emptyToNull(p.getPath());
            String cmd = emptyToNull(p.getCommandLine());
            long start = p.getStartTime() > 0 ? p.getStartTime() * 1_000_000L : Event.NULL;
            String sid = emptyToNull(p.getUserID());
            table.put(new ProcessInfo(p.getProcessID(), p.getParentProcessID(), start, path, cmd, -1,
                    sids.account(sid)));
            n++;
        }
        return n;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() || "unknown".equals(s) ? null : s;
    }
}
