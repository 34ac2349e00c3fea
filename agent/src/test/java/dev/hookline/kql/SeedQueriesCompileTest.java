package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedQueriesCompileTest {
    @Test
    void t1195CompilesVerbatimWithThreeNamedArms() {
        CompiledQuery q = Kql.compile(Seeds.t1195());
        assertEquals(List.of(), q.warnings());
        StreamingQuery s = q.streaming();
        assertEquals(3, s.arms().size());
        Arm a1 = s.arms().get(0);
        Arm a2 = s.arms().get(1);
        Arm a3 = s.arms().get(2);
        assertEquals("PackageManagerSpawnedSuspiciousChild", a1.name());
        assertEquals("PackageManagerUnexpectedExternalConnection", a2.name());
        assertEquals("CICDPipelineFileModified", a3.name());
        assertEquals("PackageManagerChildProc", a1.letName());
        assertEquals("PackageManagerNetworkAnomalies", a2.letName());
        assertEquals("CICDWorkflowModifications", a3.letName());
        assertEquals(Table.DeviceProcessEvents, a1.table());
        assertEquals(Table.DeviceNetworkEvents, a2.table());
        assertEquals(Table.DeviceFileEvents, a3.table());
        assertEquals(List.of("Timestamp", "DeviceName", "AccountName", "FileName", "ProcessCommandLine",
                "InitiatingProcessFileName", "InitiatingProcessCommandLine", "InitiatingProcessFolderPath",
                "FolderPath", "DetectionArm"), a1.outputColumns());
        assertEquals(List.of("Timestamp", "DeviceName", "AccountName", "FileName", "ProcessCommandLine",
                "RemoteUrl", "RemoteIP", "RemotePort", "RemoteIPType", "DetectionArm"), a2.outputColumns());
        assertEquals(List.of("Timestamp", "DeviceName", "AccountName", "FileName", "FolderPath", "ActionType",
                "InitiatingProcessFileName", "InitiatingProcessCommandLine", "DetectionArm"), a3.outputColumns());
        assertEquals("CICDPipelineFileModified", a3.constant("DetectionArm"));
    }

    @Test
    void t1546CompilesVerbatimWithOneAccountNameWarning() {
        CompiledQuery q = Kql.compile(Seeds.t1546());
        assertEquals(List.of("DeviceNetworkEvents has no column AccountName; it reads as empty"
                + " (Sentinel would reject this query)"), q.warnings());
        StreamingQuery s = q.streaming();
        assertEquals(2, s.arms().size());
        Arm a1 = s.arms().get(0);
        Arm a2 = s.arms().get(1);
        assertEquals("INSTALLER_CHILD_PROCESS", a1.name());
        assertEquals("INSTALLER_NETWORK_ACTIVITY", a2.name());
        assertEquals("InstallerChildren", a1.letName());
        assertEquals("MsiDownloadIndicators", a2.letName());
        assertEquals(List.of("Timestamp", "DeviceName", "AccountName", "FileName", "ProcessCommandLine",
                "InitiatingProcessFileName", "SuspiciousCommand", "EventType"), a1.outputColumns());
        assertEquals(List.of("NetTime", "DeviceName", "AccountName", "RemoteIP", "RemotePort",
                "InitiatingProcessFileName", "EventType"), a2.outputColumns());
        assertEquals("INSTALLER_NETWORK_ACTIVITY", a2.constant("EventType"));
        assertEquals(null, a2.constant("DeviceName"));
    }

    @Test
    void batchOutputColumnsAreTheUnionInOrderOfFirstAppearance() {
        ResultTable r = Kql.compile(Seeds.t1546()).run((t, c) -> { }, 0);
        assertEquals(List.of("Timestamp", "DeviceName", "AccountName", "FileName", "ProcessCommandLine",
                "InitiatingProcessFileName", "SuspiciousCommand", "EventType", "NetTime", "RemoteIP", "RemotePort"),
                r.columnNames());
        assertEquals(List.of("datetime", "string", "string", "string", "string", "string", "bool", "string",
                "datetime", "string", "int"), r.columnTypes());
    }
}
