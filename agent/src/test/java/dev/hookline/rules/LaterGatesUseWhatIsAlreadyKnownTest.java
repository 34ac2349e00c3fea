package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.kql.ArmGate;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A waiting arm's later term or needle gate is scanned for only while two or more arms still need the scan: the
 * one-lookup probes go first and may meet a requirement or rule an arm out, and a column the narrowest gates scan
 * anyway answers the later gates on it in the same pass, for one arm as well.
 */
class LaterGatesUseWhatIsAlreadyKnownTest {
    // the narrowest gate of every arm here (an ActionType gate would not be: it counts as wide, see ArmGate.breadth)
    private static final ArmGate BY_NPM = ArmGate.equality(Columns.INITIATING_PROCESS_FILE_NAME.id(), true,
            Set.of("npm"));
    private static final ArmGate CRONTAB = ArmGate.equality(Columns.FILE_NAME.id(), true, Set.of("crontab"));
    private static final ArmGate CRON_DIR = ArmGate.terms(Columns.FOLDER_PATH.id(), true, Set.of("cron"));
    private static final ArmGate SYSTEMD_DIR = ArmGate.terms(Columns.FOLDER_PATH.id(), true, Set.of("systemd"));

    private static Event write(String fileName, String folderPath) {
        return new Event(Table.DeviceFileEvents).set(Columns.INITIATING_PROCESS_FILE_NAME, "npm")
                .set(Columns.FILE_NAME, fileName).set(Columns.FOLDER_PATH, folderPath);
    }

    @Test
    void twoArmsStillWaitingAreScannedFor() {
        ArmSelector s = new ArmSelector(List.of(List.of(BY_NPM, CRONTAB), List.of(BY_NPM, CRON_DIR),
                List.of(BY_NPM, SYSTEMD_DIR)));
        assertEquals(0L, s.select(write("notes", "/home/u/notes"))[0]);
        assertEquals(2L, s.select(write("x", "/etc/cron.d/x"))[0]);
    }

    @Test
    void anArmRuledOutByALookupLeavesTheScanToTheOneArmLeft() {
        // the first arm's FileName misses, so only the second still needs FolderPath scanned: its own filter decides
        ArmSelector s = new ArmSelector(List.of(List.of(BY_NPM, CRONTAB), List.of(BY_NPM, CRON_DIR)));
        assertEquals(2L, s.select(write("notes", "/home/u/notes"))[0]);
    }

    @Test
    void aRequirementMetByALookupNeedsNoScan() {
        ArmSelector s = new ArmSelector(List.of(List.of(BY_NPM, ArmGate.either(CRONTAB, CRON_DIR)),
                List.of(BY_NPM, SYSTEMD_DIR)));
        assertEquals(3L, s.select(write("crontab", "/home/u/crontab"))[0]);
        // without the lookup's answer both would wait on the scan, which finds neither
        assertEquals(0L, s.select(write("notes", "/home/u/notes"))[0]);
    }

    @Test
    void aLaterGateOnAColumnTheNarrowestGatesScanIsDecidedInThatPassEvenForOneArm() {
        ArmGate curl = ArmGate.terms(Columns.PROCESS_COMMAND_LINE.id(), true, Set.of("curl"));
        ArmGate node = ArmGate.equality(Columns.INITIATING_PROCESS_FILE_NAME.id(), true, Set.of("node"));
        ArmGate wget = ArmGate.terms(Columns.PROCESS_COMMAND_LINE.id(), true, Set.of("wget"));
        ArmSelector s = new ArmSelector(List.of(List.of(curl), List.of(node, wget)));
        Event lsUnderNode = new Event(Table.DeviceProcessEvents).set(Columns.INITIATING_PROCESS_FILE_NAME, "node")
                .set(Columns.PROCESS_COMMAND_LINE, "ls -l");
        assertEquals(0L, s.select(lsUnderNode)[0]);
        assertEquals(2L, s.select(lsUnderNode.set(Columns.PROCESS_COMMAND_LINE, "WGET http://x"))[0]);
    }
}
