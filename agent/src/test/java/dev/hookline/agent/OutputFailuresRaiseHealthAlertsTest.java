package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.HostIdentity;
import dev.hookline.output.AlertOutput;
import dev.hookline.output.FanOut;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputFailuresRaiseHealthAlertsTest {
    /** An output that fails while {@code broken} is set, else keeps the lines. */
    static final class Switchable implements AlertOutput {
        final String name;
        final List<String> lines = new ArrayList<>();
        boolean broken;

        Switchable(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void write(String jsonLine) throws IOException {
            if (broken) {
                throw new IOException("No space left on device");
            }
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

    private static long count(List<String> lines, String kind) {
        return lines.stream().filter(l -> l.contains("\"Kind\":\"" + kind + "\"")).count();
    }

    @Test
    void aStreakOfFailedWritesRaisesOneAlertOnTheOtherOutputsAndRecoveryRaisesAnother() {
        Switchable file = new Switchable("file");
        Switchable spool = new Switchable("collector");
        FanOut fan = new FanOut(List.of(file, spool));
        HealthAlerts health = new HealthAlerts(new HostIdentity("h", "id"), fan::write, 60_000_000_000L);
        fan.listener(new OutputHealth(health));

        file.broken = true;
        for (int i = 0; i < 5; i++) {
            fan.write("{\"alert\":" + i + "}");
        }
        assertEquals(1, count(spool.lines, OutputHealth.FAILING), spool.lines.toString());
        String failing = spool.lines.stream().filter(l -> l.contains(OutputHealth.FAILING)).findFirst().orElseThrow();
        assertTrue(failing.contains("'file'") && failing.contains("No space left on device"), failing);
        assertEquals(0, count(file.lines, OutputHealth.FAILING));

        file.broken = false;
        fan.write("{\"alert\":5}");
        assertEquals(1, count(file.lines, OutputHealth.RECOVERED), file.lines.toString());
        assertEquals(1, count(spool.lines, OutputHealth.RECOVERED), spool.lines.toString());
        String recovered = file.lines.stream().filter(l -> l.contains(OutputHealth.RECOVERED)).findFirst().orElseThrow();
        // five alerts and the AlertOutputFailing line itself, which the broken file could not take either
        assertTrue(recovered.contains("after 6 failed writes"), recovered);
        assertTrue(file.lines.contains("{\"alert\":5}"), file.lines.toString());

        // a second streak is reported again: a failure after recovery is news
        spool.broken = true;
        fan.write("{\"alert\":6}");
        fan.write("{\"alert\":7}");
        assertEquals(1, count(file.lines, OutputHealth.FAILING), file.lines.toString());
        assertTrue(file.lines.stream().anyMatch(l -> l.contains("'collector'")), file.lines.toString());
    }
}
