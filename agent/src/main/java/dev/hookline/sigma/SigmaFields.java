package dev.hookline.sigma;

import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sigma logsource categories and field names mapped to the MDE tables and columns, as the pySigma Kusto
 * (microsoft_xdr) backend maps them, so a converted rule reads the way Sentinel users expect; where Hookline maps
 * differently on purpose, docs/rules.md says so and why. Windows Security-log names (NewProcessName, ...) map as
 * pySigma's Windows audit mapping relates them to the Sysmon names.
 */
final class SigmaFields {
    /** What a field needs beyond a column: none, the file name of a path value, Sysmon's Hashes, or EventID. */
    enum Special { NONE, FILE_NAME, HASHES, EVENT_ID }

    /**
     * How one Sigma field maps: to a column, or ignored (with why), or unsupported (with why). For HASHES the
     * column is the prefix of the MD5/SHA1/SHA256 columns.
     */
    record Mapping(String column, boolean numeric, String ignored, String unsupported, Special special) {
        static Mapping col(String c) {
            return new Mapping(c, false, null, null, Special.NONE);
        }

        static Mapping num(String c) {
            return new Mapping(c, true, null, null, Special.NONE);
        }

        static Mapping fileName(String c) {
            return new Mapping(c, false, null, null, Special.FILE_NAME);
        }

        static Mapping hashes(String prefix) {
            return new Mapping(prefix, false, null, null, Special.HASHES);
        }

        static Mapping eventId() {
            return new Mapping(null, true, null, null, Special.EVENT_ID);
        }

        static Mapping ignore(String why) {
            return new Mapping(null, false, why, null, Special.NONE);
        }

        static Mapping unsupported(String why) {
            return new Mapping(null, false, null, why, Special.NONE);
        }
    }

    /**
     * One supported logsource category: its table, an optional ActionType filter, its fields, and the EventID
     * values (Sysmon's, and the Security log's 4688) its rows are.
     */
    record Category(String name, Table table, String actionType, Map<String, Mapping> fields, List<String> eventIds) {
        /** The field names that map to something (for error messages: not the ones refused). */
        List<String> mapped() {
            List<String> out = new ArrayList<>();
            fields.forEach((k, v) -> {
                if (v.unsupported() == null) {
                    out.add(k);
                }
            });
            return out;
        }
    }

    /** What other event ids are, for the message that refuses them. */
    static final Map<String, String> EVENT_NAMES = Map.ofEntries(
            Map.entry("1", "Sysmon's process creation"), Map.entry("2", "Sysmon's file creation time change"),
            Map.entry("3", "Sysmon's network connection"), Map.entry("5", "Sysmon's process termination"),
            Map.entry("6", "Sysmon's driver load"), Map.entry("7", "Sysmon's image load"),
            Map.entry("8", "Sysmon's CreateRemoteThread"), Map.entry("10", "Sysmon's process access"),
            Map.entry("11", "Sysmon's file creation"), Map.entry("12", "Sysmon's registry key create/delete"),
            Map.entry("13", "Sysmon's registry value set"), Map.entry("14", "Sysmon's registry rename"),
            Map.entry("15", "Sysmon's file stream creation"), Map.entry("17", "Sysmon's pipe creation"),
            Map.entry("18", "Sysmon's pipe connection"), Map.entry("22", "Sysmon's DNS query"),
            Map.entry("23", "Sysmon's file delete (archived)"), Map.entry("26", "Sysmon's file delete (logged)"),
            Map.entry("4688", "the Security log's process creation"));

    private static final Map<String, Category> CATEGORIES = new LinkedHashMap<>();

    static {
        Map<String, Mapping> proc = new LinkedHashMap<>();
        proc.put("Image", Mapping.col("FolderPath"));
        proc.put("CommandLine", Mapping.col("ProcessCommandLine"));
        proc.put("ParentImage", Mapping.col("InitiatingProcessFolderPath"));
        proc.put("ParentCommandLine", Mapping.col("InitiatingProcessCommandLine"));
        proc.put("User", Mapping.col("AccountName"));
        proc.put("ParentUser", Mapping.col("InitiatingProcessAccountName"));
        proc.put("OriginalFileName", Mapping.col("ProcessVersionInfoOriginalFileName"));
        proc.put("ProcessId", Mapping.num("ProcessId"));
        proc.put("ParentProcessId", Mapping.num("InitiatingProcessId"));
        proc.put("IntegrityLevel", Mapping.col("ProcessIntegrityLevel"));
        proc.put("LogonId", Mapping.num("LogonId"));
        proc.put("Product", Mapping.col("ProcessVersionInfoProductName"));
        proc.put("Company", Mapping.col("ProcessVersionInfoCompanyName"));
        proc.put("Description", Mapping.col("ProcessVersionInfoFileDescription"));
        proc.put("FileVersion", Mapping.col("ProcessVersionInfoProductVersion"));
        proc.put("GrandParentImage", Mapping.fileName("InitiatingProcessParentFileName"));
        proc.put("md5", Mapping.col("MD5"));
        proc.put("sha1", Mapping.col("SHA1"));
        proc.put("sha256", Mapping.col("SHA256"));
        proc.put("Hashes", Mapping.hashes(""));
        proc.put("EventID", Mapping.eventId());
        // the Security log's event 4688 names (pySigma's Windows audit mapping: Image is NewProcessName, ...)
        proc.put("NewProcessName", Mapping.col("FolderPath"));
        proc.put("ParentProcessName", Mapping.col("InitiatingProcessFolderPath"));
        proc.put("SubjectLogonId", Mapping.num("LogonId"));
        proc.put("CurrentDirectory", Mapping.unsupported("MDE's DeviceProcessEvents has no current-directory column"));
        CATEGORIES.put("process_creation", new Category("process_creation", Table.DeviceProcessEvents, null, proc,
                List.of("1", "4688")));

        Map<String, Mapping> net = new LinkedHashMap<>();
        net.put("Image", Mapping.col("InitiatingProcessFolderPath"));
        net.put("DestinationIp", Mapping.col("RemoteIP"));
        net.put("DestinationPort", Mapping.num("RemotePort"));
        net.put("DestinationHostname", Mapping.col("RemoteUrl"));
        net.put("SourceIp", Mapping.col("LocalIP"));
        net.put("SourcePort", Mapping.num("LocalPort"));
        net.put("SourceHostname", Mapping.col("DeviceName"));
        net.put("Protocol", Mapping.col("Protocol"));
        net.put("User", Mapping.col("InitiatingProcessAccountName"));
        net.put("ProcessId", Mapping.num("InitiatingProcessId"));
        net.put("Initiated", Mapping.ignore("Initiated is ignored: DeviceNetworkEvents rows are the device's own"
                + " connections; ActionType tells inbound (InboundConnectionAccepted) from outbound"));
        initiatingProcess(net);
        net.put("Hashes", Mapping.hashes("InitiatingProcess"));
        net.put("md5", Mapping.col("InitiatingProcessMD5"));
        net.put("sha1", Mapping.col("InitiatingProcessSHA1"));
        net.put("sha256", Mapping.col("InitiatingProcessSHA256"));
        net.put("EventID", Mapping.eventId());
        CATEGORIES.put("network_connection", new Category("network_connection", Table.DeviceNetworkEvents, null, net,
                List.of("3")));

        Map<String, Mapping> file = new LinkedHashMap<>();
        file.put("TargetFilename", Mapping.col("FolderPath"));
        file.put("Image", Mapping.col("InitiatingProcessFolderPath"));
        file.put("User", Mapping.col("InitiatingProcessAccountName"));
        file.put("ProcessId", Mapping.num("InitiatingProcessId"));
        file.put("SourceFilename", Mapping.col("PreviousFolderPath"));
        initiatingProcess(file);
        file.put("IntegrityLevel", Mapping.col("InitiatingProcessIntegrityLevel"));
        file.put("Hashes", Mapping.hashes(""));
        file.put("md5", Mapping.col("MD5"));
        file.put("sha1", Mapping.col("SHA1"));
        file.put("sha256", Mapping.col("SHA256"));
        file.put("EventID", Mapping.eventId());
        CATEGORIES.put("file_event", new Category("file_event", Table.DeviceFileEvents, null, file, List.of("11")));
        CATEGORIES.put("file_change", new Category("file_change", Table.DeviceFileEvents, "FileModified", file,
                List.of("2")));
        CATEGORIES.put("file_delete", new Category("file_delete", Table.DeviceFileEvents, "FileDeleted", file,
                List.of("23", "26")));
        CATEGORIES.put("file_rename", new Category("file_rename", Table.DeviceFileEvents, "FileRenamed", file,
                List.of()));
    }

    /**
     * The initiating process's own fields in tables whose rows are about something else (a file, a connection):
     * pySigma's generic mappings, and ParentImage as the parent's file name (the tables have no parent path).
     */
    private static void initiatingProcess(Map<String, Mapping> m) {
        m.put("CommandLine", Mapping.col("InitiatingProcessCommandLine"));
        m.put("ParentImage", Mapping.fileName("InitiatingProcessParentFileName"));
        m.put("ParentProcessId", Mapping.num("InitiatingProcessParentId"));
        m.put("OriginalFileName", Mapping.col("InitiatingProcessVersionInfoOriginalFileName"));
        m.put("Company", Mapping.col("InitiatingProcessVersionInfoCompanyName"));
        m.put("Description", Mapping.col("InitiatingProcessVersionInfoFileDescription"));
        m.put("Product", Mapping.col("InitiatingProcessVersionInfoProductName"));
        m.put("FileVersion", Mapping.col("InitiatingProcessVersionInfoProductVersion"));
    }

    private SigmaFields() {
    }

    static Category category(String name) {
        return name == null ? null : CATEGORIES.get(name);
    }

    static List<String> categories() {
        return List.copyOf(CATEGORIES.keySet());
    }
}
