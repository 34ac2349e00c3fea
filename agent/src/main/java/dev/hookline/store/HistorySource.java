package dev.hookline.store;

import dev.hookline.kql.TableSource;
import dev.hookline.ring.RingBuffer;
import dev.hookline.ring.RingSnapshot;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.function.Consumer;

/**
 * A live hunting source over a time range: the on-disk store for what it has written, then the ring for the
 * newest events, each event once. The split is the store's {@link EventStore.Cut} taken when the source is made:
 * this run's events below its sequence come from the store, the others from a ring snapshot taken at the same
 * moment (so a query that scans a table twice, a join, sees the same rows both times).
 */
public final class HistorySource implements TableSource {
    private final StoreReader store;
    private final RingSnapshot ring;
    private final long from;
    private final long to;
    private long scanned;
    private volatile long published;

    /** Events with {@code from <= Timestamp < to} from the store and the ring. */
    public HistorySource(EventStore store, RingBuffer ring, long from, long to) {
        EventStore.Cut cut = store.cut();
        this.store = store.reader().range(from, to).before(cut);
        this.ring = ring.snapshot(cut.visibleBelow());
        this.from = from;
        this.to = to;
    }

    @Override
    public void scan(Table table, Consumer<Event> consumer) {
        store.scan(table, e -> {
            count();
            consumer.accept(e);
        });
        ring.scan(table, e -> {
            count();
            long ts = e.getLong(Columns.TIMESTAMP);
            if (ts == Event.NULL || (ts >= from && ts < to)) {
                consumer.accept(e);
            }
        });
        published = scanned;
    }

    // a volatile write every 4096 events, not every event: read only by a progress report once a second
    private void count() {
        if ((++scanned & 4095) == 0) {
            published = scanned;
        }
    }

    /** Events read so far, store and ring (readable from another thread while a scan runs). */
    public long eventsScanned() {
        return published;
    }

    /** Store blocks decompressed so far. */
    public long blocksRead() {
        return store.blocksRead();
    }
}
