package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hookline.schema.Columns;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which filters prove a gate (a column value set every passing row has), and which must not. */
class ArmGatesComeFromLeadingEqualityFiltersTest {
    private static ArmGate gate(String query) {
        return Kql.compile(query).streaming().arms().get(0).gate();
    }

    @Test
    void inTildeGatesItsColumnWithFoldedKeys() {
        ArmGate g = gate("DeviceProcessEvents | where Timestamp > ago(1d) | where FileName in~ ('Curl', 'wget')");
        assertEquals(new ArmGate(Columns.FILE_NAME.id(), true, Set.of("curl", "wget")), g);
    }

    @Test
    void caseSensitiveInAndEqualsTildeAndOrChainsOfOneColumnGateToo() {
        assertEquals(new ArmGate(Columns.ACTION_TYPE.id(), false, Set.of("FileCreated")),
                gate("DeviceFileEvents | where ActionType in ('FileCreated')"));
        assertEquals(new ArmGate(Columns.FILE_NAME.id(), true, Set.of("sh")),
                gate("DeviceProcessEvents | where FileName =~ 'SH'"));
        assertEquals(new ArmGate(Columns.FILE_NAME.id(), true, Set.of("sh", "bash")),
                gate("DeviceProcessEvents | where FileName =~ 'sh' or FileName =~ 'bash'"));
    }

    @Test
    void aConjunctionGivesItsNarrowestGate() {
        assertEquals(new ArmGate(Columns.INITIATING_PROCESS_FILE_NAME.id(), true, Set.of("dpkg")),
                gate("DeviceProcessEvents | where FileName in~ ('a', 'b', 'c') and InitiatingProcessFileName =~ 'dpkg'"));
        assertEquals(new ArmGate(Columns.INITIATING_PROCESS_FILE_NAME.id(), true, Set.of("dpkg")),
                gate("DeviceProcessEvents | where FileName in~ ('a', 'b') | where InitiatingProcessFileName =~ 'dpkg'"));
    }

    @Test
    void negationsOtherOperatorsMixedOrsRowValuesAndFiltersAfterAComputedColumnGiveNone() {
        assertNull(gate("DeviceProcessEvents | where FileName !in~ ('sh')"));
        assertNull(gate("DeviceProcessEvents | where FileName !~ 'sh'"));
        assertNull(gate("DeviceProcessEvents | where FileName has_any ('sh')"));
        assertNull(gate("DeviceProcessEvents | where FileName =~ 'sh' or ProcessCommandLine has 'x'"));
        assertNull(gate("DeviceProcessEvents | where FileName in~ ('sh', InitiatingProcessFileName)"));
        assertNull(gate("DeviceProcessEvents | where tolower(FileName) in ('sh')"));
        assertNull(gate("DeviceProcessEvents | extend FileName = strcat(FileName, 'x') | where FileName in~ ('shx')"));
    }
}
