package dev.hookline.linux.fanotify;

import dev.hookline.collector.EventSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.process.Enrichment;
import dev.hookline.process.Paths;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.AdditionalFields;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the DeviceFileEvents row of a file action (FileSize and, when enabled, SHA256 read from the file now) and
 * sends it to the sink with its InitiatingProcess* columns, through {@link HeldRows} when its initiator is not
 * certain yet or rows are already held (so the order is kept). Reader thread, or an exec's flush under the lock.
 */
final class FileRows implements WriteCoalescer.Sink, HeldRows.Out {
    private final EventSink sink;
    private final HostIdentity host;
    private final FileHasher hasher;
    private final InitiatorLookup initiators;
    private final FanotifyCounters counters;
    private final HeldRows held;
    private final Event scratch = new Event(Table.DeviceFileEvents);

    /** @param hasher null when sha256 is off */
    FileRows(EventSink sink, HostIdentity host, FileHasher hasher, InitiatorLookup initiators, PendingPaths pending,
             FanotifyCounters counters) {
        this.sink = sink;
        this.host = host;
        this.hasher = hasher;
        this.initiators = initiators;
        this.counters = counters;
        this.held = new HeldRows(initiators, pending, this);
    }

    HeldRows held() {
        return held;
    }

    /** A finished write burst: FileCreated or FileModified. */
    @Override
    public void burst(String action, String path, ProcessInfo who, long pid, long epoch) {
        if (action.equals("FileCreated")) {
            counters.created.incrementAndGet();
        } else {
            counters.modified.incrementAndGet();
        }
        emit(action, path, null, who, pid, epoch);
    }

    /** @param previous the old path of a rename, else null */
    void emit(String action, String path, String previous, ProcessInfo who, long pid, long epoch) {
        Event e = scratch.reset(Table.DeviceFileEvents);
        e.setTime(Columns.TIMESTAMP, epoch);
        if (host != null) {
            e.set(Columns.DEVICE_NAME, host.deviceName());
            e.set(Columns.DEVICE_ID, host.deviceId());
        }
        e.set(Columns.ACTION_TYPE, action);
        e.set(Columns.FILE_NAME, Paths.fileName(path));
        e.set(Columns.FOLDER_PATH, path);
        if (previous != null) {
            e.set(Columns.PREVIOUS_FILE_NAME, Paths.fileName(previous));
            e.set(Columns.PREVIOUS_FOLDER_PATH, previous);
        }
        if (!action.equals("FileDeleted") && path.charAt(0) == '/') {
            try {
                Path p = Path.of(path);
                e.set(Columns.FILE_SIZE, Files.size(p));
                if (hasher != null && !action.equals("FileRenamed")) {
                    String h = hasher.sha256(p);
                    if (h != null) {
                        counters.sha256Computed.incrementAndGet();
                        e.set(Columns.SHA256, h);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // gone or unreadable by now: size stays empty
            }
        }
        boolean unsure = initiators.uncertain(who, epoch, held.holdNanos());
        if (unsure || !held.isEmpty()) {
            if (unsure) {
                counters.initiatorWaits.incrementAndGet();
            }
            held.hold(e, who, pid, epoch, System.nanoTime());
            return;
        }
        publish(e, who, pid);
    }

    @Override
    public void publish(Event e, ProcessInfo who, long pid) {
        if (who != null) {
            Enrichment.fillInitiating(e, who, initiators.table());
            if (who.install() != null) {
                AdditionalFields notes = new AdditionalFields();
                Enrichment.addInstall(notes, who);
                notes.applyTo(e);
            }
        } else {
            e.set(Columns.INITIATING_PROCESS_ID, pid);
        }
        if (sink.publish(e)) {
            counters.published.incrementAndGet();
        } else {
            counters.dropped.incrementAndGet();
        }
    }
}
