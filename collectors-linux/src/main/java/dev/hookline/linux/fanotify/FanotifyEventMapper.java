package dev.hookline.linux.fanotify;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the events of one fanotify read into file actions. FileCreated ← FAN_CREATE, FileModified ← FAN_MODIFY
 * folded per write burst ({@link WriteCoalescer}), FileRenamed ← FAN_RENAME (or, on 5.9–5.16, FAN_MOVED_FROM and
 * FAN_MOVED_TO paired by pid; a lone half is counted as unpairedMoves), FileDeleted ← FAN_DELETE. In fd mode (before
 * 5.9) only FAN_MODIFY and FAN_CLOSE_WRITE exist, the path read from the event's descriptor. Events of the agent
 * itself and under exclude_paths are counted and dropped; unresolvable directories give FolderPath
 * "&lt;unresolved&gt;/name" and a counter; an overflow is counted and raised ({@link OverflowAlerts}).
 *
 * <p>Tamper: a change by another process to one of the agent's own files ({@link ProtectedPaths}) is reported
 * before the exclusions, and the row is still emitted as usual.
 *
 * <p>Directories: events on directories give no rows unless report_directories is on (MDE's DeviceFileEvents is
 * about files), but directory renames still clear the path cache so later paths are current. Reader thread only,
 * under the collector's lock.
 */
final class FanotifyEventMapper {
    private final FanotifySettings settings;
    private final long agentPid;
    /** null when the agent gave no files to protect */
    private final ProtectedPaths tamper;
    private final DirectoryHandles handles;
    private final FdPaths fdPaths;
    private final InitiatorLookup initiators;
    private final WriteCoalescer coalescer;
    private final FileRows rows;
    private final OwnFiles ownFiles;
    private final OverflowAlerts overflows;
    private final FanotifyCounters counters;
    /** FAN_MOVED_FROM waiting for its FAN_MOVED_TO (dirname mode), by pid: {path, mono time}. */
    private final Map<Long, Object[]> movedFrom = new HashMap<>();

    FanotifyEventMapper(FanotifySettings settings, long agentPid, ProtectedPaths tamper, DirectoryHandles handles,
                        FdPaths fdPaths, InitiatorLookup initiators, WriteCoalescer coalescer, FileRows rows,
                        OwnFiles ownFiles, OverflowAlerts overflows, FanotifyCounters counters) {
        this.settings = settings;
        this.agentPid = agentPid;
        this.tamper = tamper;
        this.handles = handles;
        this.fdPaths = fdPaths;
        this.initiators = initiators;
        this.coalescer = coalescer;
        this.rows = rows;
        this.ownFiles = ownFiles;
        this.overflows = overflows;
        this.counters = counters;
    }

    /**
     * Maps the {@code len} bytes of one read. Bytes that do not form an event end the batch (counted as malformed);
     * an event whose mapping fails is counted as an error and skipped.
     */
    void map(ByteBuffer buf, int len, FanEvent ev, long epoch, long mono) {
        int pos = 0;
        while (pos < len) {
            int next = ev.read(buf, pos, len);
            if (next < 0) {
                counters.malformed.incrementAndGet();
                break;
            }
            counters.events.incrementAndGet();
            try {
                handle(ev, buf, epoch, mono);
            } catch (RuntimeException e) {
                counters.errors.incrementAndGet();
            }
            pos = next;
        }
    }

    private void handle(FanEvent ev, ByteBuffer buf, long epoch, long mono) {
        long mask = ev.mask;
        if ((mask & Fan.FAN_Q_OVERFLOW) != 0) {
            overflows.overflow(mono);
            return;
        }
        if (ev.fd >= 0) {
            handleFd(ev, epoch, mono);
            return;
        }
        boolean dir = (mask & Fan.FAN_ONDIR) != 0;
        if (dir) {
            counters.directoryEvents.incrementAndGet();
            if ((mask & (Fan.FAN_RENAME | Fan.FAN_MOVED_FROM | Fan.FAN_MOVED_TO)) != 0) {
                handles.invalidateAll(); // every cached path below the moved directory is now wrong
            }
            if (tamper != null && ev.pid != agentPid && (mask & (Fan.FAN_RENAME | Fan.FAN_MOVED_FROM | Fan.FAN_DELETE)) != 0) {
                directoryTamper(ev, buf, mono);
            }
            if (!settings.reportDirectories()) {
                return;
            }
        }
        if (ev.pid == agentPid) {
            counters.ownEvents.incrementAndGet();
            boolean created = (mask & Fan.FAN_CREATE) != 0;
            boolean markable = (mask & Fan.FAN_MODIFY) != 0 && ownFiles.hasRoom();
            if (!dir && ev.name != null && (created || markable)) {
                String own = path(buf, ev.dirOff, ev.dirEnd, ev.name);
                if (created) {
                    ownFiles.created(own); // a new inode at that path (the alert file after rotation): mark it too
                }
                if (markable) {
                    ownFiles.written(own);
                }
            }
            return;
        }
        if ((mask & Fan.FAN_RENAME) != 0) {
            rename(ev, buf, dir, epoch, mono);
            return;
        }
        if (ev.name == null) {
            counters.noName.incrementAndGet();
            return;
        }
        String path = path(buf, ev.dirOff, ev.dirEnd, ev.name);
        if (tamper != null && !dir && tamper.covers(path)) {
            String action = (mask & Fan.FAN_DELETE) != 0 ? "deleted"
                    : (mask & Fan.FAN_MOVED_FROM) != 0 ? "moved away"
                    : (mask & Fan.FAN_MOVED_TO) != 0 ? "replaced (moved in)"
                    : (mask & Fan.FAN_CREATE) != 0 ? "created"
                    : (mask & Fan.FAN_MODIFY) != 0 ? "modified" : null;
            if (action != null) {
                tamper.tampered(action, path, null, ev.pid, initiators.find(ev.pid, mono), mono);
            }
        }
        if (isExcluded(path)) {
            counters.excluded.incrementAndGet();
            return;
        }
        if ((mask & Fan.FAN_CREATE) != 0) {
            if (dir) {
                counters.created.incrementAndGet();
                rows.emit("FileCreated", path, null, initiators.find(ev.pid, mono), ev.pid, epoch);
            } else {
                coalescer.created(path, ev.pid, initiators.find(ev.pid, mono), epoch, mono);
            }
        }
        if ((mask & Fan.FAN_MODIFY) != 0
                || ((mask & Fan.FAN_CLOSE_WRITE) != 0 && !dir && ownFiles.contains(path))) {
            // on the agent's own files another writer's MODIFY events are dropped by the kernel: its close says it
            coalescer.modified(path, ev.pid, initiators.find(ev.pid, mono), epoch, mono);
        }
        if ((mask & Fan.FAN_CLOSE_WRITE) != 0) {
            coalescer.closed(path);
        }
        if ((mask & Fan.FAN_MOVED_FROM) != 0) {
            Object[] lone = movedFrom.put((long) ev.pid, new Object[]{path, mono});
            if (lone != null) {
                counters.unpairedMoves.incrementAndGet();
            }
            coalescer.flush(path);
        }
        if ((mask & Fan.FAN_MOVED_TO) != 0) {
            Object[] from = movedFrom.remove((long) ev.pid);
            if (from == null) {
                counters.unpairedMoves.incrementAndGet();
            } else {
                coalescer.flush(path);
                counters.renamed.incrementAndGet();
                rows.emit("FileRenamed", path, (String) from[0], initiators.find(ev.pid, mono), ev.pid, epoch);
            }
        }
        if ((mask & Fan.FAN_DELETE) != 0) {
            coalescer.flush(path);
            counters.deleted.incrementAndGet();
            rows.emit("FileDeleted", path, null, initiators.find(ev.pid, mono), ev.pid, epoch);
        }
    }

    /** FAN_RENAME (≥ 5.17): old and new directory and name in one event. */
    private void rename(FanEvent ev, ByteBuffer buf, boolean dir, long epoch, long mono) {
        if (ev.oldName == null || ev.newName == null) {
            counters.noName.incrementAndGet();
            return;
        }
        String from = path(buf, ev.oldOff, ev.oldEnd, ev.oldName);
        String to = path(buf, ev.newOff, ev.newEnd, ev.newName);
        if (tamper != null && !dir) {
            if (tamper.covers(from)) {
                tamper.tampered("renamed", from, "to " + to, ev.pid, initiators.find(ev.pid, mono), mono);
            }
            if (tamper.covers(to)) {
                tamper.tampered("replaced", to, "by renaming " + from + " over it", ev.pid,
                        initiators.find(ev.pid, mono), mono);
            }
        }
        if (isExcluded(from) && isExcluded(to)) {
            counters.excluded.incrementAndGet();
            return;
        }
        coalescer.flush(from);
        coalescer.flush(to);
        counters.renamed.incrementAndGet();
        rows.emit("FileRenamed", to, from, initiators.find(ev.pid, mono), ev.pid, epoch);
    }

    /** A directory renamed, moved away or deleted: tampering when one of the agent's files lies below it. */
    private void directoryTamper(FanEvent ev, ByteBuffer buf, long mono) {
        if ((ev.mask & Fan.FAN_RENAME) != 0) {
            if (ev.oldName != null && ev.newName != null) {
                String from = path(buf, ev.oldOff, ev.oldEnd, ev.oldName);
                if (tamper.coversBelow(from)) {
                    tamper.tampered("renamed", from, "to " + path(buf, ev.newOff, ev.newEnd, ev.newName), ev.pid,
                            initiators.find(ev.pid, mono), mono);
                }
            }
        } else if (ev.name != null) {
            String p = path(buf, ev.dirOff, ev.dirEnd, ev.name);
            if (tamper.coversBelow(p)) {
                tamper.tampered((ev.mask & Fan.FAN_DELETE) != 0 ? "deleted" : "moved away", p, null, ev.pid,
                        initiators.find(ev.pid, mono), mono);
            }
        }
    }

    /** fd mode: the event holds an open descriptor of the file; its /proc/self/fd link is the path. */
    private void handleFd(FanEvent ev, long epoch, long mono) {
        String path = fdPaths.takePath(ev.fd);
        if (ev.pid == agentPid) {
            counters.ownEvents.incrementAndGet();
            return;
        }
        if (path != null && tamper != null && (ev.mask & Fan.FAN_MODIFY) != 0 && tamper.covers(path)) {
            tamper.tampered("modified", path, null, ev.pid, initiators.find(ev.pid, mono), mono);
        }
        if (path == null) {
            counters.unresolved.incrementAndGet();
            path = "<unresolved>/fd";
        } else if (isExcluded(path)) {
            counters.excluded.incrementAndGet();
            return;
        }
        if ((ev.mask & Fan.FAN_MODIFY) != 0) {
            coalescer.modified(path, ev.pid, initiators.find(ev.pid, mono), epoch, mono);
        }
        if ((ev.mask & Fan.FAN_CLOSE_WRITE) != 0) {
            coalescer.closed(path);
        }
    }

    /** Forgets FAN_MOVED_FROM halves older than the quiet period: their FAN_MOVED_TO is not coming. */
    void sweepMoves(long mono) {
        if (movedFrom.isEmpty()) {
            return;
        }
        long quiet = settings.quietPeriodMs() * 1_000_000L;
        movedFrom.values().removeIf(v -> {
            boolean old = mono - (Long) v[1] > quiet;
            if (old) {
                counters.unpairedMoves.incrementAndGet();
            }
            return old;
        });
    }

    private String path(ByteBuffer buf, int off, int end, String name) {
        String dir = off < 0 ? null : handles.resolve(buf, off, end);
        if (dir == null) {
            counters.unresolved.incrementAndGet();
            return "<unresolved>/" + name;
        }
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    private boolean isExcluded(String path) {
        return path.charAt(0) == '/' && PathPrefixes.matches(settings.excludePaths(), path);
    }
}
