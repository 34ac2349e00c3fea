package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.AncestryResolver;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Both built-in packs over benign events that walk ancestry to a miss (a public connection below a deep tree of
 * shells) allocate nothing in the engine; the resolver here is primitive-backed, as the agent's cost is its table.
 */
class BuiltinPacksAllocateNothingOnMissTest {
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void benignEventsAllocateNothing() throws Exception {
        AncestryResolver chain = new AncestryResolver() {
            @Override
            public long parentPid(long pid) {
                return pid > 1 ? pid - 1 : Event.NULL;
            }

            @Override
            public String fileName(long pid) {
                return "bash";
            }

            @Override
            public String commandLine(long pid) {
                return "bash -l";
            }
        };
        int[] alerts = {0};
        Detector d = new Detector(new RuleLoader().loadBuiltin(), Tuning.NONE, a -> alerts[0]++, chain);
        long now = dev.hookline.testing.Fixtures.NOW;
        Event net = new Event(Table.DeviceNetworkEvents).setTime(Columns.TIMESTAMP, now - 1_000_000_000L)
                .set(Columns.ACTION_TYPE, "ConnectionSuccess").set(Columns.REMOTE_IP_TYPE, "Public")
                .set(Columns.REMOTE_PORT, 443).set(Columns.REMOTE_URL, "github.com")
                .set(Columns.INITIATING_PROCESS_FILE_NAME, "git").set(Columns.INITIATING_PROCESS_ID, 5000)
                .set(Columns.INITIATING_PROCESS_COMMAND_LINE, "git fetch");
        Event proc = new Event(Table.DeviceProcessEvents).setTime(Columns.TIMESTAMP, now - 1_000_000_000L)
                .set(Columns.FILE_NAME, "curl").set(Columns.PROCESS_COMMAND_LINE, "curl -s https://example.org/")
                .set(Columns.PROCESS_ID, 6000).set(Columns.INITIATING_PROCESS_ID, 5999)
                .set(Columns.INITIATING_PROCESS_FILE_NAME, "bash").set(Columns.INITIATING_PROCESS_COMMAND_LINE, "bash");
        Event file = new Event(Table.DeviceFileEvents).setTime(Columns.TIMESTAMP, now - 1_000_000_000L)
                .set(Columns.ACTION_TYPE, "FileModified").set(Columns.FILE_NAME, ".bashrc")
                .set(Columns.FOLDER_PATH, "/home/dev/.bashrc").set(Columns.INITIATING_PROCESS_FILE_NAME, "vim")
                .set(Columns.INITIATING_PROCESS_ID, 7000);
        Event[] evs = {net, proc, file};
        for (int i = 0; i < 20_000; i++) {
            d.accept(evs[i % 3], now);
        }
        long before = allocatedBytes();
        for (int i = 0; i < 60_000; i++) {
            d.accept(evs[i % 3], now);
        }
        long allocated = allocatedBytes() - before;
        assertEquals(0, alerts[0], "the events must not match");
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
    }
}
