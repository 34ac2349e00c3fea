package dev.hookline.sigma;

import dev.hookline.schema.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sigma logsource categories and field names mapped to the MDE tables and columns, as the pySigma Kusto
 * (microsoft_xdr) backend maps them, so a converted rule reads the way Sentinel users expect.
 */
final class SigmaFields {
    /** How one Sigma field maps: to a column, or ignored (with why), or unsupported (with why). */
    record Mapping(String column, boolean numeric, String ignored, String unsupported) {
        static Mapping col(String c) {
            return new Mapping(c, false, null, null);
        }

        static Mapping num(String c) {
            return new Mapping(c, true, null, null);
        }

        static Mapping ignore(String why) {
            return new Mapping(null, false, why, null);
        }

        static Mapping unsupported(String why) {
            return new Mapping(null, false, null, why);
        }
    }

    /** One supported logsource category: its table, an optional ActionType filter, and its fields. */
    record Category(String name, Table table, String actionType, Map<String, Mapping> fields) {
    }

    private static final Map<String, Category> CATEGORIES = new LinkedHashMap<>();

    static {
        Map<String, Mapping> proc = new LinkedHashMap<>();
        proc.put("Image", Mapping.col("FolderPath"));
        proc.put("CommandLine", Mapping.col("ProcessCommandLine"));
        proc.put("ParentImage", Mapping.col("InitiatingProcessFolderPath"));
        proc.put("ParentCommandLine", Mapping.col("InitiatingProcessCommandLine"));
        proc.put("User", Mapping.col("AccountName"));
        proc.put("OriginalFileName", Mapping.col("ProcessVersionInfoOriginalFileName"));
        proc.put("ProcessId", Mapping.num("ProcessId"));
        proc.put("ParentProcessId", Mapping.num("InitiatingProcessId"));
        proc.put("IntegrityLevel", Mapping.col("ProcessIntegrityLevel"));
        proc.put("LogonId", Mapping.num("LogonId"));
        proc.put("Product", Mapping.col("ProcessVersionInfoProductName"));
        proc.put("Company", Mapping.col("ProcessVersionInfoCompanyName"));
        proc.put("Description", Mapping.col("ProcessVersionInfoFileDescription"));
        proc.put("md5", Mapping.col("MD5"));
        proc.put("sha1", Mapping.col("SHA1"));
        proc.put("sha256", Mapping.col("SHA256"));
        proc.put("CurrentDirectory", Mapping.unsupported("MDE's DeviceProcessEvents has no current-directory column"));
        CATEGORIES.put("process_creation", new Category("process_creation", Table.DeviceProcessEvents, null, proc));

        Map<String, Mapping> net = new LinkedHashMap<>();
        net.put("Image", Mapping.col("InitiatingProcessFolderPath"));
        net.put("DestinationIp", Mapping.col("RemoteIP"));
        net.put("DestinationPort", Mapping.num("RemotePort"));
        net.put("DestinationHostname", Mapping.col("RemoteUrl"));
        net.put("SourceIp", Mapping.col("LocalIP"));
        net.put("SourcePort", Mapping.num("LocalPort"));
        net.put("Protocol", Mapping.col("Protocol"));
        net.put("User", Mapping.col("InitiatingProcessAccountName"));
        net.put("ProcessId", Mapping.num("InitiatingProcessId"));
        net.put("Initiated", Mapping.ignore("Initiated is ignored: DeviceNetworkEvents rows are the device's own"
                + " connections; ActionType tells inbound (InboundConnectionAccepted) from outbound"));
        CATEGORIES.put("network_connection", new Category("network_connection", Table.DeviceNetworkEvents, null, net));

        Map<String, Mapping> file = new LinkedHashMap<>();
        file.put("TargetFilename", Mapping.col("FolderPath"));
        file.put("Image", Mapping.col("InitiatingProcessFolderPath"));
        file.put("User", Mapping.col("InitiatingProcessAccountName"));
        file.put("ProcessId", Mapping.num("InitiatingProcessId"));
        file.put("SourceFilename", Mapping.col("PreviousFolderPath"));
        CATEGORIES.put("file_event", new Category("file_event", Table.DeviceFileEvents, null, file));
        CATEGORIES.put("file_change", new Category("file_change", Table.DeviceFileEvents, "FileModified", file));
        CATEGORIES.put("file_delete", new Category("file_delete", Table.DeviceFileEvents, "FileDeleted", file));
        CATEGORIES.put("file_rename", new Category("file_rename", Table.DeviceFileEvents, "FileRenamed", file));
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
