package dev.hookline.windows.host;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;
import dev.hookline.windows.normalize.DevicePaths;
import dev.hookline.windows.normalize.SidResolver;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** LookupAccountSid with a cache; an unknown SID keeps the SID column and empty names. */
    public static SidResolver sidResolver() {
        Map<String, Account> cache = new ConcurrentHashMap<>();
        return sid -> {
            if (sid == null) {
                return Account.UNKNOWN;
            }
            return cache.computeIfAbsent(sid, s -> {
                try {
                    Advapi32Util.Account a = Advapi32Util.getAccountBySid(s);
                    return new Account(a.name, a.domain, s);
                } catch (RuntimeException e) {
                    return new Account(null, null, s);
                }
            });
        };
    }

    /** "\Device\HarddiskVolume3" → "C:" for every drive letter QueryDosDevice knows. */
    public static DevicePaths devicePaths() {
        return new DevicePaths(deviceMap());
    }

    /** The table behind {@link #devicePaths()}: NT device → drive letter (also what a recording keeps of the host). */
    public static Map<String, String> deviceMap() {
        Map<String, String> map = new HashMap<>();
        char[] buf = new char[1024];
        for (char d = 'A'; d <= 'Z'; d++) {
            String drive = d + ":";
            int n = Kernel32.INSTANCE.QueryDosDevice(drive, buf, buf.length);
            if (n > 0) {
                int end = 0;
                while (end < n && buf[end] != 0) {
                    end++;
                }
                map.put(new String(buf, 0, end), drive);
            }
        }
        return map;
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
