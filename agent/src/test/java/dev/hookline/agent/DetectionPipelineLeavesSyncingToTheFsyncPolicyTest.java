package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.output.FsyncPolicy;
import dev.hookline.output.JsonLinesFile;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert file's fsync policy decides when alerts reach the disk, not the batch boundaries of the rule thread:
 * under {@code interval} an alert is written (readable at once) but not forced until the timer says so, and under
 * {@code every_line} each alert is forced as it is written.
 */
class DetectionPipelineLeavesSyncingToTheFsyncPolicyTest {
    @TempDir
    Path dir;

    private static void alertingBatches(DetectionPipeline p, int batches) {
        Event e = new Event();
        for (int i = 0; i < batches; i++) {
            // node → sh -c "curl ... /dev/tcp": the T1195.001 package-manager arm
            e.reset(Table.DeviceProcessEvents).setTime(Columns.TIMESTAMP, Times.nowNanos())
                    .set(Columns.ACTION_TYPE, "ProcessCreated").set(Columns.FILE_NAME, "sh")
                    .set(Columns.FOLDER_PATH, "/usr/bin/sh").set(Columns.PROCESS_ID, 200L + i)
                    .set(Columns.PROCESS_COMMAND_LINE, "sh -c \"echo /dev/tcp " + i + "\"")
                    .set(Columns.INITIATING_PROCESS_ID, 100L).set(Columns.INITIATING_PROCESS_FILE_NAME, "node")
                    .set(Columns.INITIATING_PROCESS_COMMAND_LINE, "node install.js");
            p.onEvent(e, i, true);
        }
    }

    @Test
    void underTheIntervalPolicyBatchesWithAlertsDoNotForceTheFile() throws Exception {
        Path path = dir.resolve("alerts.jsonl");
        try (JsonLinesFile file = new JsonLinesFile("file", path, 1 << 20, 1, FsyncPolicy.interval(3_600_000))) {
            DetectionPipeline p = new DetectionPipeline(new RuleLoader().loadBuiltin(), Tuning.NONE, null, file,
                    null, 0);
            alertingBatches(p, 3);
            long lines = Files.readAllLines(path).size();
            assertTrue(lines >= 3, "each batch's alert is in the file at once: " + lines);
            assertEquals(lines, p.counters().get("alerts"));
            assertEquals(0L, file.counters().get("fsyncs"), "an hour's interval: nothing forced yet");
        }
    }

    @Test
    void underEveryLineEachAlertIsForced() throws Exception {
        Path path = dir.resolve("alerts.jsonl");
        try (JsonLinesFile file = new JsonLinesFile("file", path, 1 << 20, 1, FsyncPolicy.everyLine())) {
            DetectionPipeline p = new DetectionPipeline(new RuleLoader().loadBuiltin(), Tuning.NONE, null, file,
                    null, 0);
            alertingBatches(p, 3);
            long alerts = p.counters().get("alerts");
            assertTrue(alerts >= 3);
            assertEquals(alerts, file.counters().get("fsyncs"));
        }
    }
}
