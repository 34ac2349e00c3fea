package dev.hookline.writes;

import dev.hookline.kql.WriteHistory;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;

/**
 * A bounded, time-windowed index of the files written recently: path → the last FileCreated, FileModified or
 * FileRenamed (new path) row's time and writer (InitiatingProcessId, FileName, CommandLine, ParentId,
 * ParentFileName). FileDeleted and a rename's old path drop the entry. It backs
 * hookline_recently_written_by/below() in the running agent (fed by DetectionPipeline) and offline (fed by
 * EventAncestry as `hookline detect` reads the file, so a write must come before the exec in the file).
 *
 * <p>Memory is fixed at construction: parallel arrays used as a ring in write order, and an open-addressing hash
 * of path → slot (linear probing, backward-shift deletion). A rewrite of a known path moves it to the newest slot.
 * When the ring is full the oldest entry goes: counted in {@link #evicted()} if it was younger than maxAge (a real
 * loss of history), in {@link #expired()} otherwise. Feeding and lookups allocate nothing: the strings held are the
 * events' own. Single-threaded: feed and look up on the evaluating thread; counters may be read from any thread.
 */
public final class RecentWrites implements WriteHistory {
    public static final int DEFAULT_CAPACITY = 32_768;
    public static final long DEFAULT_MAX_AGE_NANOS = WriteHistory.MAX_WINDOW_NANOS;
    /** A write stamped up to this much after the exec still counts (collectors stamp at read time). */
    public static final long CLOCK_ALLOWANCE_NANOS = 2_000_000_000L;

    private final int capacity;
    private final long maxAge;
    private final String[] path;
    private final long[] time;
    private final long[] pid;
    private final String[] name;
    private final String[] cmd;
    private final long[] ppid;
    private final String[] pname;
    private final int[] index; // slot + 1, 0 = empty
    private final int mask;
    private int oldest; // ring slot of the oldest entry (or hole)
    private int used; // ring slots in use, holes included
    private int live;
    private volatile long recorded;
    private volatile long evicted;
    private volatile long expired;

    public RecentWrites() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_AGE_NANOS);
    }

    public RecentWrites(int capacity, long maxAgeNanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.maxAge = maxAgeNanos;
        path = new String[capacity];
        time = new long[capacity];
        pid = new long[capacity];
        name = new String[capacity];
        cmd = new String[capacity];
        ppid = new long[capacity];
        pname = new String[capacity];
        int size = Integer.highestOneBit(capacity * 2 - 1) << 1;
        index = new int[Math.max(4, size)];
        mask = index.length - 1;
    }

    /** Learns from one event: file writes are recorded, deletes and renamed-away paths forgotten; others ignored. */
    public void observe(Event e) {
        if (e == null || e.table() != Table.DeviceFileEvents) {
            return;
        }
        String action = e.getString(Columns.ACTION_TYPE);
        String p = e.getString(Columns.FOLDER_PATH);
        if (action == null || p == null || p.isEmpty()) {
            return;
        }
        switch (action) {
            case "FileCreated":
            case "FileModified":
                record(p, e);
                break;
            case "FileRenamed": {
                String old = e.getString(Columns.PREVIOUS_FOLDER_PATH);
                if (old != null && !old.isEmpty()) {
                    remove(old);
                }
                record(p, e);
                break;
            }
            case "FileDeleted":
                remove(p);
                break;
            default:
                break;
        }
    }

    private void record(String p, Event e) {
        long t = e.getLong(Columns.TIMESTAMP);
        if (t == Event.NULL) {
            return;
        }
        int known = lookup(p);
        int newest = used == 0 ? -1 : (oldest + used - 1) % capacity;
        if (known >= 0 && known == newest) {
            fill(known, t, e); // a write burst on the newest file: update in place, no hole
            recorded++;
            return;
        }
        if (known >= 0) {
            unindex(p);
            clear(known);
            live--;
        }
        while (used > 0 && (used == capacity || path[oldest] == null || time[oldest] < t - maxAge)) {
            dropOldest(t);
        }
        int slot = (oldest + used) % capacity;
        used++;
        live++;
        path[slot] = p;
        fill(slot, t, e);
        insert(p, slot);
        recorded++;
    }

    private void fill(int slot, long t, Event e) {
        time[slot] = t;
        pid[slot] = e.getLong(Columns.INITIATING_PROCESS_ID);
        name[slot] = e.getString(Columns.INITIATING_PROCESS_FILE_NAME);
        cmd[slot] = e.getString(Columns.INITIATING_PROCESS_COMMAND_LINE);
        ppid[slot] = e.getLong(Columns.INITIATING_PROCESS_PARENT_ID);
        pname[slot] = e.getString(Columns.INITIATING_PROCESS_PARENT_FILE_NAME);
    }

    private void dropOldest(long now) {
        int slot = oldest;
        if (path[slot] != null) {
            if (time[slot] >= now - maxAge) {
                evicted++;
            } else {
                expired++;
            }
            unindex(path[slot]);
            clear(slot);
            live--;
        }
        oldest = (oldest + 1) % capacity;
        used--;
    }

    private void clear(int slot) {
        path[slot] = null;
        name[slot] = null;
        cmd[slot] = null;
        pname[slot] = null;
    }

    private void remove(String p) {
        int slot = lookup(p);
        if (slot >= 0) {
            unindex(p);
            clear(slot);
            live--;
        }
    }

    private int lookup(String p) {
        for (int i = p.hashCode() & mask; ; i = (i + 1) & mask) {
            int v = index[i];
            if (v == 0) {
                return -1;
            }
            if (p.equals(path[v - 1])) {
                return v - 1;
            }
        }
    }

    private void insert(String p, int slot) {
        int i = p.hashCode() & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    /** Removes p's index cell, shifting later cells of the probe run back so lookups stay correct. */
    private void unindex(String p) {
        int i = p.hashCode() & mask;
        while (index[i] != 0 && !p.equals(path[index[i] - 1])) {
            i = (i + 1) & mask;
        }
        if (index[i] == 0) {
            return;
        }
        int hole = i;
        index[hole] = 0;
        for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int home = path[index[j] - 1].hashCode() & mask;
            // move j into the hole when its home is not cyclically in (hole, j]
            boolean inRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!inRange) {
                index[hole] = index[j];
                index[j] = 0;
                hole = j;
            }
        }
    }

    @Override
    public int find(String p, long atNanos, long windowNanos) {
        if (p == null || p.isEmpty() || atNanos == Event.NULL) {
            return -1;
        }
        int slot = lookup(p);
        if (slot < 0) {
            return -1;
        }
        long t = time[slot];
        return t <= atNanos + CLOCK_ALLOWANCE_NANOS && atNanos - t <= windowNanos ? slot : -1;
    }

    @Override
    public long writerPid(int h) {
        return pid[h];
    }

    @Override
    public String writerFileName(int h) {
        return name[h];
    }

    @Override
    public String writerCommandLine(int h) {
        return cmd[h];
    }

    @Override
    public long writerParentPid(int h) {
        return ppid[h];
    }

    @Override
    public String writerParentFileName(int h) {
        return pname[h];
    }

    /** Paths currently held. */
    public int size() {
        return live;
    }

    public int capacity() {
        return capacity;
    }

    /** Writes recorded since start. */
    public long recorded() {
        return recorded;
    }

    /** Entries pushed out while younger than maxAge because the index was full: history lost to the bound. */
    public long evicted() {
        return evicted;
    }

    /** Entries dropped because they were older than maxAge. */
    public long expired() {
        return expired;
    }
}
