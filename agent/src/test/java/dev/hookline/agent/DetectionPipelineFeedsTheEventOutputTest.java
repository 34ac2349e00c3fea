package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.output.AlertOutput;
import dev.hookline.output.EventOutput;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionPipelineFeedsTheEventOutputTest {
    static final class Lines implements AlertOutput {
        final List<String> lines = new ArrayList<>();

        @Override
        public String name() {
            return "test";
        }

        @Override
        public void write(String jsonLine) {
            lines.add(jsonLine);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of();
        }
    }

    @Test
    void everyEventReachesTheEventOutputAndAFailingOneIsCountedNotFatal() throws Exception {
        List<String> seen = new ArrayList<>();
        int[] flushes = {0};
        EventOutput out = new EventOutput() {
            @Override
            public void write(Event e) throws IOException {
                if ("boom".equals(e.getString(Columns.FILE_NAME))) {
                    throw new IOException("disk full");
                }
                seen.add(e.table() + ":" + e.getString(Columns.FILE_NAME)); // copied: the event is reused
            }

            @Override
            public void flush() {
                flushes[0]++;
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of();
            }

            @Override
            public void close() {
            }
        };
        DetectionPipeline p = new DetectionPipeline(new RuleLoader().loadBuiltin(), Tuning.NONE, null, new Lines(),
                null, out, 0);
        Event e = new Event(Table.DeviceProcessEvents);
        for (String name : List.of("a", "boom", "c")) {
            e.reset(Table.DeviceProcessEvents);
            e.setTime(Columns.TIMESTAMP, 1_700_000_000_000_000_000L);
            e.set(Columns.FILE_NAME, name);
            p.onEvent(e, 0, name.equals("c"));
        }
        assertEquals(List.of("DeviceProcessEvents:a", "DeviceProcessEvents:c"), seen);
        assertEquals(0, flushes[0], "the event path leaves syncing to the output's own policy");
        assertEquals(1L, p.counters().get("event_output_errors"));
        assertEquals(3L, p.counters().get("events_evaluated"));
    }
}
