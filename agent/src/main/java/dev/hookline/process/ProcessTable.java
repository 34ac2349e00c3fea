package dev.hookline.process;

import dev.hookline.schema.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live process table: pid → current image, kept from exec/fork/exit by the collectors. Exited processes stay
 * resolvable for a grace period so that events that arrive late (audit records, file events on close) still find
 * their initiator; a reused pid is told apart by creation and exit times.
 * <p>
 * Retired images are also indexed by pid: at a thousand execs a second the grace period holds over a hundred
 * thousand of them, and every lookup of a pid that is not live (each fork of a new pid, each exec whose exit was
 * seen first) must not scan them all.
 * <p>
 * The retired set is also bounded by count ({@link #DEFAULT_MAX_RETIRED}): the grace period alone lets memory grow
 * with the exec rate (60 s at 5000 execs/s is 300,000 images, over 100 MiB of heap). Past the bound the oldest
 * retired image goes early and is counted ({@link #evictedEarlyCount()}).
 */
public final class ProcessTable {
    private final ConcurrentHashMap<Long, ProcessInfo> live = new ConcurrentHashMap<>();
    /** Exited or replaced images, oldest first, kept for the grace period. Its monitor guards retiredByPid too. */
    private final Deque<ProcessInfo> retired = new ArrayDeque<>();
    /** The same images by pid, oldest first; a pid's deque is dropped with its last image. */
    private final Map<Long, ArrayDeque<ProcessInfo>> retiredByPid = new HashMap<>();
    /**
     * About 4 MiB of retired images with their index: 16 s of history at 1000 execs/s, 3 s at 5000. Late events
     * come within a second or two (the audit reader applies forks and exits in order with the execs, audit events
     * complete within the in-flight timeout, file rows within the fanotify hold); 65,536 kept 13 MiB more heap
     * live and pushed the agent's RSS over 128 MiB under a sustained storm.
     */
    public static final int DEFAULT_MAX_RETIRED = 16_384;
    private final long graceNanos;
    private final int maxRetired;
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong evictedEarly = new AtomicLong();

    public ProcessTable(long graceNanos) {
        this(graceNanos, DEFAULT_MAX_RETIRED);
    }

    public ProcessTable(long graceNanos, int maxRetired) {
        if (maxRetired < 1) {
            throw new IllegalArgumentException("maxRetired must be >= 1");
        }
        this.graceNanos = graceNanos;
        this.maxRetired = maxRetired;
    }

    /** Adds or replaces the image for its pid (exec, fork, or the /proc seed). */
    public void put(ProcessInfo p) {
        ProcessInfo old = live.put(p.pid(), p);
        if (old != null && old != p) {
            old.markExited(p.creationTimeNanos() == Event.NULL ? System.nanoTime() : p.creationTimeNanos());
            retire(old);
        }
    }

    public void exited(long pid, long nanos) {
        ProcessInfo p = live.remove(pid);
        if (p != null) {
            p.markExited(nanos);
            retire(p);
        }
    }

    private void retire(ProcessInfo p) {
        synchronized (retired) {
            retired.addLast(p);
            retiredByPid.computeIfAbsent(p.pid(), k -> new ArrayDeque<>(2)).addLast(p);
            if (retired.size() > maxRetired) {
                unindex(retired.pollFirst());
                evictedEarly.incrementAndGet();
            }
        }
    }

    /** The current image for the pid, or the most recently retired one still in its grace period; null if none. */
    public ProcessInfo get(long pid) {
        ProcessInfo p = live.get(pid);
        if (p != null) {
            return p;
        }
        synchronized (retired) {
            ArrayDeque<ProcessInfo> same = retiredByPid.get(pid);
            return same == null ? null : same.peekLast();
        }
    }

    /** The image that was pid at the given time (pid reuse safe); falls back to {@link #get(long)}. */
    public ProcessInfo getAt(long pid, long nanos) {
        ProcessInfo p = live.get(pid);
        if (p != null && p.aliveAt(nanos)) {
            return p;
        }
        synchronized (retired) {
            ArrayDeque<ProcessInfo> same = retiredByPid.get(pid);
            if (same != null) {
                Iterator<ProcessInfo> it = same.descendingIterator();
                while (it.hasNext()) {
                    ProcessInfo r = it.next();
                    if (r.aliveAt(nanos)) {
                        return r;
                    }
                }
            }
        }
        return p != null ? p : get(pid);
    }

    /** The process and its ancestors, nearest first, at most maxDepth entries; stops at a loop or unknown pid. */
    public List<ProcessInfo> ancestry(long pid, int maxDepth) {
        List<ProcessInfo> out = new ArrayList<>();
        long cur = pid;
        while (out.size() < maxDepth) {
            ProcessInfo p = get(cur);
            if (p == null || out.contains(p)) {
                break;
            }
            out.add(p);
            if (p.ppid() <= 0 || p.ppid() == p.pid()) {
                break;
            }
            cur = p.ppid();
        }
        return out;
    }

    /** Drops retired entries older than the grace period. Returns how many were dropped. */
    public int evict(long nowNanos) {
        int n = 0;
        synchronized (retired) {
            while (!retired.isEmpty()) {
                ProcessInfo r = retired.peekFirst();
                long exit = r.exitTimeNanos();
                if (exit != Event.NULL && nowNanos - exit < graceNanos) {
                    break;
                }
                retired.pollFirst();
                unindex(r);
                n++;
            }
        }
        evicted.addAndGet(n);
        return n;
    }

    /** Removes an evicted image from the pid index; it is its pid's oldest, as both are in retirement order. */
    private void unindex(ProcessInfo r) {
        ArrayDeque<ProcessInfo> same = retiredByPid.get(r.pid());
        if (same == null) {
            return;
        }
        if (same.peekFirst() == r) {
            same.pollFirst();
        } else {
            same.removeFirstOccurrence(r);
        }
        if (same.isEmpty()) {
            retiredByPid.remove(r.pid());
        }
    }

    public int liveCount() {
        return live.size();
    }

    public int retiredCount() {
        synchronized (retired) {
            return retired.size();
        }
    }

    /** Retired images dropped before their grace period ended because the retired set was full. */
    public long evictedEarlyCount() {
        return evictedEarly.get();
    }

    public long evictedCount() {
        return evicted.get();
    }

    public Collection<ProcessInfo> liveProcesses() {
        return live.values();
    }
}
