package dev.hookline.schema;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/**
 * The global column registry: every column of the three MDE tables, with Microsoft's names and types
 * (defender-docs advanced-hunting-*-table.md). A column shared by several tables has one id everywhere.
 */
public final class Columns {
    private static final List<Column> ALL = new ArrayList<>();
    private static final Map<String, Column> BY_NAME = new HashMap<>();
    private static final Map<String, Column> BY_LOWER = new HashMap<>();

    public static final Column TIMESTAMP = define("Timestamp", ColumnType.DATETIME);
    public static final Column DEVICE_ID = define("DeviceId", ColumnType.STRING);
    public static final Column DEVICE_NAME = define("DeviceName", ColumnType.STRING);
    public static final Column ACTION_TYPE = define("ActionType", ColumnType.STRING);
    public static final Column FILE_NAME = define("FileName", ColumnType.STRING);
    public static final Column FOLDER_PATH = define("FolderPath", ColumnType.STRING);
    public static final Column SHA1 = define("SHA1", ColumnType.STRING);
    public static final Column SHA256 = define("SHA256", ColumnType.STRING);
    public static final Column MD5 = define("MD5", ColumnType.STRING);
    public static final Column FILE_SIZE = define("FileSize", ColumnType.LONG);
    public static final Column PROCESS_VERSION_INFO_COMPANY_NAME = define("ProcessVersionInfoCompanyName", ColumnType.STRING);
    public static final Column PROCESS_VERSION_INFO_PRODUCT_NAME = define("ProcessVersionInfoProductName", ColumnType.STRING);
    public static final Column PROCESS_VERSION_INFO_PRODUCT_VERSION = define("ProcessVersionInfoProductVersion", ColumnType.STRING);
    public static final Column PROCESS_VERSION_INFO_INTERNAL_FILE_NAME = define("ProcessVersionInfoInternalFileName", ColumnType.STRING);
    public static final Column PROCESS_VERSION_INFO_ORIGINAL_FILE_NAME = define("ProcessVersionInfoOriginalFileName", ColumnType.STRING);
    public static final Column PROCESS_VERSION_INFO_FILE_DESCRIPTION = define("ProcessVersionInfoFileDescription", ColumnType.STRING);
    public static final Column PROCESS_ID = define("ProcessId", ColumnType.LONG);
    public static final Column PROCESS_COMMAND_LINE = define("ProcessCommandLine", ColumnType.STRING);
    public static final Column PROCESS_INTEGRITY_LEVEL = define("ProcessIntegrityLevel", ColumnType.STRING);
    public static final Column PROCESS_TOKEN_ELEVATION = define("ProcessTokenElevation", ColumnType.STRING);
    public static final Column PROCESS_CREATION_TIME = define("ProcessCreationTime", ColumnType.DATETIME);
    public static final Column ACCOUNT_DOMAIN = define("AccountDomain", ColumnType.STRING);
    public static final Column ACCOUNT_NAME = define("AccountName", ColumnType.STRING);
    public static final Column ACCOUNT_SID = define("AccountSid", ColumnType.STRING);
    public static final Column ACCOUNT_UPN = define("AccountUpn", ColumnType.STRING);
    public static final Column ACCOUNT_OBJECT_ID = define("AccountObjectId", ColumnType.STRING);
    public static final Column LOGON_ID = define("LogonId", ColumnType.LONG);
    public static final Column INITIATING_PROCESS_ACCOUNT_DOMAIN = define("InitiatingProcessAccountDomain", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_ACCOUNT_NAME = define("InitiatingProcessAccountName", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_ACCOUNT_SID = define("InitiatingProcessAccountSid", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_ACCOUNT_UPN = define("InitiatingProcessAccountUpn", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_ACCOUNT_OBJECT_ID = define("InitiatingProcessAccountObjectId", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_LOGON_ID = define("InitiatingProcessLogonId", ColumnType.LONG);
    public static final Column INITIATING_PROCESS_INTEGRITY_LEVEL = define("InitiatingProcessIntegrityLevel", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_TOKEN_ELEVATION = define("InitiatingProcessTokenElevation", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_SHA1 = define("InitiatingProcessSHA1", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_SHA256 = define("InitiatingProcessSHA256", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_MD5 = define("InitiatingProcessMD5", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_FILE_NAME = define("InitiatingProcessFileName", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_FILE_SIZE = define("InitiatingProcessFileSize", ColumnType.LONG);
    public static final Column INITIATING_PROCESS_VERSION_INFO_COMPANY_NAME = define("InitiatingProcessVersionInfoCompanyName", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_VERSION_INFO_PRODUCT_NAME = define("InitiatingProcessVersionInfoProductName", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_VERSION_INFO_PRODUCT_VERSION = define("InitiatingProcessVersionInfoProductVersion", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_VERSION_INFO_INTERNAL_FILE_NAME = define("InitiatingProcessVersionInfoInternalFileName", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_VERSION_INFO_ORIGINAL_FILE_NAME = define("InitiatingProcessVersionInfoOriginalFileName", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_VERSION_INFO_FILE_DESCRIPTION = define("InitiatingProcessVersionInfoFileDescription", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_ID = define("InitiatingProcessId", ColumnType.LONG);
    public static final Column INITIATING_PROCESS_COMMAND_LINE = define("InitiatingProcessCommandLine", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_CREATION_TIME = define("InitiatingProcessCreationTime", ColumnType.DATETIME);
    public static final Column INITIATING_PROCESS_FOLDER_PATH = define("InitiatingProcessFolderPath", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_PARENT_ID = define("InitiatingProcessParentId", ColumnType.LONG);
    public static final Column INITIATING_PROCESS_PARENT_FILE_NAME = define("InitiatingProcessParentFileName", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_PARENT_CREATION_TIME = define("InitiatingProcessParentCreationTime", ColumnType.DATETIME);
    public static final Column INITIATING_PROCESS_SIGNER_TYPE = define("InitiatingProcessSignerType", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_SIGNATURE_STATUS = define("InitiatingProcessSignatureStatus", ColumnType.STRING);
    public static final Column REPORT_ID = define("ReportId", ColumnType.LONG);
    public static final Column APP_GUARD_CONTAINER_ID = define("AppGuardContainerId", ColumnType.STRING);
    public static final Column ADDITIONAL_FIELDS = define("AdditionalFields", ColumnType.DYNAMIC);
    public static final Column INITIATING_PROCESS_SESSION_ID = define("InitiatingProcessSessionId", ColumnType.LONG);
    public static final Column CREATED_PROCESS_SESSION_ID = define("CreatedProcessSessionId", ColumnType.LONG);
    public static final Column IS_INITIATING_PROCESS_REMOTE_SESSION = define("IsInitiatingProcessRemoteSession", ColumnType.BOOL);
    public static final Column INITIATING_PROCESS_REMOTE_SESSION_DEVICE_NAME = define("InitiatingProcessRemoteSessionDeviceName", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_REMOTE_SESSION_IP = define("InitiatingProcessRemoteSessionIP", ColumnType.STRING);
    public static final Column IS_PROCESS_REMOTE_SESSION = define("IsProcessRemoteSession", ColumnType.BOOL);
    public static final Column PROCESS_REMOTE_SESSION_DEVICE_NAME = define("ProcessRemoteSessionDeviceName", ColumnType.STRING);
    public static final Column PROCESS_REMOTE_SESSION_IP = define("ProcessRemoteSessionIP", ColumnType.STRING);
    public static final Column REMOTE_IP = define("RemoteIP", ColumnType.STRING);
    public static final Column REMOTE_PORT = define("RemotePort", ColumnType.INT);
    public static final Column REMOTE_URL = define("RemoteUrl", ColumnType.STRING);
    public static final Column LOCAL_IP = define("LocalIP", ColumnType.STRING);
    public static final Column LOCAL_PORT = define("LocalPort", ColumnType.INT);
    public static final Column PROTOCOL = define("Protocol", ColumnType.STRING);
    public static final Column LOCAL_IP_TYPE = define("LocalIPType", ColumnType.STRING);
    public static final Column REMOTE_IP_TYPE = define("RemoteIPType", ColumnType.STRING);
    public static final Column FILE_ORIGIN_URL = define("FileOriginUrl", ColumnType.STRING);
    public static final Column FILE_ORIGIN_REFERRER_URL = define("FileOriginReferrerUrl", ColumnType.STRING);
    public static final Column FILE_ORIGIN_IP = define("FileOriginIP", ColumnType.STRING);
    public static final Column PREVIOUS_FOLDER_PATH = define("PreviousFolderPath", ColumnType.STRING);
    public static final Column PREVIOUS_FILE_NAME = define("PreviousFileName", ColumnType.STRING);
    public static final Column REQUEST_PROTOCOL = define("RequestProtocol", ColumnType.STRING);
    public static final Column REQUEST_SOURCE_IP = define("RequestSourceIP", ColumnType.STRING);
    public static final Column REQUEST_SOURCE_PORT = define("RequestSourcePort", ColumnType.INT);
    public static final Column REQUEST_ACCOUNT_NAME = define("RequestAccountName", ColumnType.STRING);
    public static final Column REQUEST_ACCOUNT_DOMAIN = define("RequestAccountDomain", ColumnType.STRING);
    public static final Column REQUEST_ACCOUNT_SID = define("RequestAccountSid", ColumnType.STRING);
    public static final Column SHARE_NAME = define("ShareName", ColumnType.STRING);
    public static final Column SENSITIVITY_LABEL = define("SensitivityLabel", ColumnType.STRING);
    public static final Column SENSITIVITY_SUB_LABEL = define("SensitivitySubLabel", ColumnType.STRING);
    public static final Column IS_AZURE_INFO_PROTECTION_APPLIED = define("IsAzureInfoProtectionApplied", ColumnType.BOOL);

    // Sentinel's columns that a row exported from Log Analytics carries (kept when an events file has them); in no
    // MDE table, so the agent never writes them. Queries see them through SentinelColumns.
    public static final Column TENANT_ID = define("TenantId", ColumnType.STRING);
    public static final Column MACHINE_GROUP = define("MachineGroup", ColumnType.STRING);
    public static final Column SOURCE_SYSTEM = define("SourceSystem", ColumnType.STRING);

    // Newer MDE columns (defender-docs, DeviceProcessEvents / DeviceNetworkEvents / DeviceFileEvents, 2025): the
    // process's unique id, Windows' Process Start Key. Defined last so the ids of the columns above stay as they were.
    // Hookline fills them from the pid and the creation time ({@link dev.hookline.process.ProcessUniqueId}).
    public static final Column PROCESS_UNIQUE_ID = define("ProcessUniqueId", ColumnType.STRING);
    public static final Column INITIATING_PROCESS_UNIQUE_ID = define("InitiatingProcessUniqueId", ColumnType.STRING);

    private Columns() {
    }

    private static Column define(String name, ColumnType type) {
        Column c = new Column(ALL.size(), name, type);
        ALL.add(c);
        BY_NAME.put(name, c);
        BY_LOWER.put(name.toLowerCase(Locale.ROOT), c);
        return c;
    }

    /** Number of distinct columns; the size of an event's slot arrays. */
    public static int count() {
        return ALL.size();
    }

    public static List<Column> all() {
        return Collections.unmodifiableList(ALL);
    }

    public static Column get(int id) {
        return ALL.get(id);
    }

    /** Exact (case-sensitive, as Kusto column names are) lookup; null when unknown. */
    public static Column byName(String name) {
        return BY_NAME.get(name);
    }

    /** Case-insensitive lookup, for suggestions in error messages. */
    public static Column byNameIgnoreCase(String name) {
        return BY_LOWER.get(name.toLowerCase(Locale.ROOT));
    }
}
