package dev.hookline.rules;

import dev.hookline.kql.AncestryResolver;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.writes.RecentWrites;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Offline lineage for hookline_has_ancestor() and the writes for hookline_recently_written_*(): what an events file
 * says about processes and files, learned from the events
 * seen so far (pid → parent pid and file name from the ProcessId, InitiatingProcess and InitiatingProcessParent columns).
 * Call {@link #observe} on each event before the detector sees it. A process whose creation the file does not
 * hold is known only as far as other events name it. Pids are taken as unique per device (DeviceId) within one
 * file or topic (pid reuse across a long capture can mislead it): a fleet's events, several devices mixed, keep
 * each device's processes apart, the lookups answering for the device of the event observed last, the one being
 * evaluated. Bounded: forgets everything past maxEntries.
 */
public final class EventAncestry implements AncestryResolver {
    private static final int DEFAULT_MAX = 200_000;

    private record Entry(long ppid, String fileName, String commandLine) {
    }

    private final Map<String, Map<Long, Entry>> byDevice = new HashMap<>();
    private Map<Long, Entry> byPid = new HashMap<>();
    private String device = "";
    private int size;
    private final RecentWrites writes = new RecentWrites();
    private final int maxEntries;

    public EventAncestry() {
        this(DEFAULT_MAX);
    }

    public EventAncestry(int maxEntries) {
        this.maxEntries = maxEntries;
        byDevice.put(device, byPid);
    }

    /** Learns the processes an event names. */
    public void observe(Event e) {
        if (e == null || e.table() == null) {
            return;
        }
        writes.observe(e);
        String d = e.getString(Columns.DEVICE_ID);
        d = d == null ? "" : d;
        if (!d.equals(device)) {
            device = d;
            byPid = byDevice.computeIfAbsent(d, k -> new HashMap<>());
        }
        long ip = e.getLong(Columns.INITIATING_PROCESS_ID);
        long ipp = e.getLong(Columns.INITIATING_PROCESS_PARENT_ID);
        if (e.table() == Table.DeviceProcessEvents) {
            learn(e.getLong(Columns.PROCESS_ID), ip, e.getString(Columns.FILE_NAME),
                    e.getString(Columns.PROCESS_COMMAND_LINE));
        }
        learn(ip, ipp, e.getString(Columns.INITIATING_PROCESS_FILE_NAME),
                e.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
        learn(ipp, Event.NULL, e.getString(Columns.INITIATING_PROCESS_PARENT_FILE_NAME), null);
    }

    private void learn(long pid, long ppid, String name, String cmd) {
        if (pid == Event.NULL || pid <= 0) {
            return;
        }
        Entry old = byPid.get(pid);
        long p = ppid != Event.NULL && ppid > 0 ? ppid : old == null ? Event.NULL : old.ppid;
        String n = name != null && !name.isEmpty() ? name : old == null ? null : old.fileName;
        String c = cmd != null && !cmd.isEmpty() ? cmd : old == null ? null : old.commandLine;
        if (old != null && old.ppid == p && Objects.equals(old.fileName, n) && Objects.equals(old.commandLine, c)) {
            return;
        }
        if (old == null && size >= maxEntries) {
            byDevice.clear();
            byPid = new HashMap<>();
            byDevice.put(device, byPid);
            size = 0;
        }
        if (byPid.put(pid, new Entry(p, n, c)) == null) {
            size++;
        }
    }

    @Override
    public long parentPid(long pid) {
        Entry e = byPid.get(pid);
        return e == null || e.ppid == pid ? Event.NULL : e.ppid;
    }

    @Override
    public String fileName(long pid) {
        Entry e = byPid.get(pid);
        return e == null ? null : e.fileName;
    }

    @Override
    public String commandLine(long pid) {
        Entry e = byPid.get(pid);
        return e == null ? null : e.commandLine;
    }

    /** The files this events file wrote so far (FileCreated/Modified/Renamed rows seen before the current event). */
    @Override
    public RecentWrites writes() {
        return writes;
    }

    /** Processes known, all devices together. */
    public int size() {
        return size;
    }
}
