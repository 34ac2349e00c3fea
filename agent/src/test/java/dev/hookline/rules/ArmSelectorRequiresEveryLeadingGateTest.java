package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.kql.Arm;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An arm with several gated leading filters runs only for events that meet every one of them. */
class ArmSelectorRequiresEveryLeadingGateTest {
    private static final String SEED_ARM_1 = "DeviceProcessEvents | where Timestamp > ago(24h)"
            + " | where InitiatingProcessFileName has_any ('npm', 'node', 'pip')"
            + " | where FileName has_any ('curl.exe', 'cmd.exe') or ProcessCommandLine has_any ('/dev/tcp', 'bash -i')";
    private static final String ONE_FILTER = "DeviceProcessEvents | where FileName in~ ('true')";
    private static final String UNGATED = "DeviceProcessEvents | where ProcessId > 0";

    private static ArmSelector selector(String... queries) {
        List<List<ArmGate>> gates = new ArrayList<>();
        for (String q : queries) {
            for (Arm a : Kql.compile(q).streaming().arms()) {
                gates.add(a.gates());
            }
        }
        return new ArmSelector(gates);
    }

    private static Event exec(String parent, String file, String cmd) {
        return new Event(Table.DeviceProcessEvents).set(Columns.INITIATING_PROCESS_FILE_NAME, parent)
                .set(Columns.FILE_NAME, file).set(Columns.PROCESS_COMMAND_LINE, cmd).set(Columns.PROCESS_ID, 7L);
    }

    @Test
    void anOrdinaryChildOfAPackageManagerSkipsArmsThatAlsoNeedASuspiciousCommand() {
        ArmSelector s = selector(SEED_ARM_1, SEED_ARM_1);
        assertEquals(0L, s.select(exec("node", "true", "/bin/true"))[0], "only the first filter's gate holds");
        assertEquals(0L, s.select(exec("make", "sh", "sh -c 'echo > /dev/tcp/10.0.0.1/9'"))[0],
                "only the second filter's gate holds");
        assertEquals(3L, s.select(exec("node", "sh", "sh -c 'echo > /dev/tcp/10.0.0.1/9'"))[0]);
        assertEquals(3L, s.select(exec("NODE", "CMD.EXE", "x"))[0], "folded like has_any");
    }

    @Test
    void aLaterTermGateOfOneArmAloneIsLeftToTheArmsOwnFilter() {
        // scanning the command line for one arm costs what the arm's has_any costs: the arm decides
        ArmSelector s = selector(SEED_ARM_1);
        assertEquals(1L, s.select(exec("node", "true", "/bin/true"))[0]);
        assertEquals(0L, s.select(exec("make", "sh", "sh -c 'echo > /dev/tcp/10.0.0.1/9'"))[0],
                "the narrowest gate is still probed for every event");
    }

    @Test
    void aLaterEqualityGateIsProbedEvenForOneArm() {
        ArmSelector s = selector("DeviceProcessEvents | where InitiatingProcessFileName has_any ('npm', 'node')"
                + " | where FileName in~ ('sh', 'bash')");
        assertEquals(0L, s.select(exec("node", "true", "/bin/true"))[0]);
        assertEquals(1L, s.select(exec("node", "BASH", "bash -c x"))[0]);
    }

    @Test
    void eachArmKeepsItsOwnRequirementsBesideOneGateAndUngatedArms() {
        ArmSelector s = selector(SEED_ARM_1, SEED_ARM_1, ONE_FILTER, UNGATED);
        // bits: 1 and 2 = seed arms, 4 = FileName in~ ('true'), 8 = ungated (always)
        assertEquals(4L | 8L, s.select(exec("node", "true", "/bin/true"))[0]);
        assertEquals(8L, s.select(exec("node", "ls", "ls"))[0]);
        assertEquals(3L | 8L, s.select(exec("pip", "sh", "bash -i"))[0]);
        // the answer is per event: nothing carries over from the previous one
        assertEquals(8L, s.select(exec("bash", "cat", "cat"))[0]);
    }

    @Test
    void requirementsPastSixtyFourSpanSeveralWords() {
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            queries.add(SEED_ARM_1); // two requirements each: 80 in all
        }
        queries.add(ONE_FILTER);
        ArmSelector s = selector(queries.toArray(new String[0]));
        long[] all = s.select(exec("npm", "sh", "bash -i"));
        assertEquals((1L << 40) - 1, all[0], "all 40 seed arms");
        long[] trueUnderNode = s.select(exec("node", "true", "/bin/true"));
        assertEquals(1L << 40, trueUnderNode[0], "only the last arm, whose requirement is bit 80");
    }

    @Test
    void aRecentlyWrittenFilterRunsItsArmOnlyForAPathTheIndexHasAWriteOf() {
        String q = "DeviceProcessEvents | where ActionType == 'ProcessCreated'"
                + " | where hookline_recently_written_by(FolderPath, 10m, dynamic(['curl']))";
        List<List<ArmGate>> gates = new ArrayList<>();
        for (Arm a : Kql.compile(q).streaming().arms()) {
            gates.add(a.gates());
        }
        assertEquals(ArmGate.written(Columns.FOLDER_PATH.id()), gates.get(0).get(gates.get(0).size() - 1));
        long t = 1_700_000_000_000_000_000L;
        dev.hookline.writes.RecentWrites index = new dev.hookline.writes.RecentWrites();
        index.observe(new Event(Table.DeviceFileEvents).set(Columns.ACTION_TYPE, "FileCreated")
                .set(Columns.FOLDER_PATH, "/tmp/x").set(Columns.FILE_NAME, "x").set(Columns.TIMESTAMP, t)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, "wget"));
        ArmSelector s = new ArmSelector(gates, index);
        Event fetched = exec("sh", "x", "./x").set(Columns.ACTION_TYPE, "ProcessCreated")
                .set(Columns.FOLDER_PATH, "/tmp/x").set(Columns.TIMESTAMP, t + 5_000_000_000L);
        // the gate asks only that a write is there (any writer, the longest window): the function asks the rest
        assertEquals(1L, s.select(fetched)[0], "written by wget, not curl: the arm runs and its function says no");
        assertEquals(0L, s.select(fetched.copy().set(Columns.FOLDER_PATH, "/usr/bin/ls"))[0]);
        assertEquals(0L, s.select(fetched.copy().set(Columns.TIMESTAMP, t + 3_700_000_000_000L))[0],
                "older than any window a rule may ask");
        assertEquals(0L, new ArmSelector(gates).select(fetched)[0], "no index: no write");
    }
}
