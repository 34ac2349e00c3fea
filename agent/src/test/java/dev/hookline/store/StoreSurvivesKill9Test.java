package dev.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSurvivesKill9Test {
    @Test
    void everyAcknowledgedEventIsThereAfterAKill9AndTheStoreOpensAndWritesAgain(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreCrashChild.class.getName(), dir.toString()).redirectErrorStream(true).start();
        long acked = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int acks = 0;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    acked = Long.parseLong(line.substring(6));
                    if (++acks == 6) {
                        break;
                    }
                } else {
                    System.err.println("child: " + line);
                }
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no close, mid-write
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        }
        assertTrue(acked >= 3000, "the child acknowledged events: " + acked);
        try (EventStore store = EventStore.open(StoreSettings.of(dir, Long.MAX_VALUE / 2, Long.MAX_VALUE), null)) {
            List<Event> back = new ArrayList<>();
            store.reader().scan(Table.DeviceProcessEvents, e -> back.add(e.copy()));
            assertTrue(back.size() >= acked, back.size() + " events back, " + acked + " acknowledged");
            for (int i = 0; i < acked; i++) {
                StoreEvents.assertSame(StoreEvents.full(Table.DeviceProcessEvents, i, StoreEvents.T0 + i), back.get(i));
            }
            for (int i = 0; i < back.size(); i++) {
                assertEquals(StoreEvents.T0 + i, back.get(i).getLong(Columns.TIMESTAMP), "in order, no gap, no repeat");
            }
            store.offer(StoreEvents.sparse(Table.DeviceProcessEvents, 0, StoreEvents.T0 + 1_000_000), 0);
            assertTrue(store.flush(10_000));
            assertEquals(1L, store.counters().get("store_events_written"));
        }
    }
}
