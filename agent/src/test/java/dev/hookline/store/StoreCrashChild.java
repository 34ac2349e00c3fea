package dev.hookline.store;

import dev.hookline.schema.Table;
import java.nio.file.Path;

/**
 * The process {@link StoreSurvivesKill9Test} kills: writes events, flushes, prints "acked N" (every event below N
 * is written and forced), and goes on until it is killed.
 */
public final class StoreCrashChild {
    private StoreCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        EventStore store = EventStore.open(StoreSettings.of(Path.of(args[0]), Long.MAX_VALUE / 2, Long.MAX_VALUE), null);
        int seq = 0;
        while (true) {
            for (int i = 0; i < 500; i++, seq++) {
                store.offer(StoreEvents.full(Table.DeviceProcessEvents, seq, StoreEvents.T0 + seq), seq);
            }
            if (store.flush(10_000)) {
                System.out.println("acked " + seq);
                System.out.flush();
            }
        }
    }
}
