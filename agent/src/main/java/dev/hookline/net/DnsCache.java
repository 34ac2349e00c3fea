package dev.hookline.net;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IP → host name as observed in DNS answers, for the RemoteUrl column. Entries live for the record's TTL, raised
 * to a floor (processes connect after the answer and often cache past a tiny TTL) and capped; the least recently
 * used entry goes when the cache is full. The latest answer for an IP wins, which is the name most likely behind
 * the next connection to it. Times are {@link System#nanoTime()} values. Thread-safe. Portable (the Linux DNS
 * sniffer fills it today), so it lives with the shared network model.
 */
public final class DnsCache {
    private final int maxEntries;
    private final long minTtlNanos;
    private final long maxTtlNanos;
    private final AtomicLong evictions = new AtomicLong();
    private final LinkedHashMap<String, Entry> map;

    private static final class Entry {
        final String name;
        final long expiresNanos;

        Entry(String name, long expiresNanos) {
            this.name = name;
            this.expiresNanos = expiresNanos;
        }
    }

    public DnsCache(int maxEntries, long minTtlSeconds, long maxTtlSeconds) {
        if (maxEntries < 1 || minTtlSeconds < 0 || maxTtlSeconds < minTtlSeconds) {
            throw new IllegalArgumentException("bad DNS cache bounds");
        }
        this.maxEntries = maxEntries;
        this.minTtlNanos = minTtlSeconds * 1_000_000_000L;
        this.maxTtlNanos = maxTtlSeconds * 1_000_000_000L;
        this.map = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > DnsCache.this.maxEntries) {
                    evictions.incrementAndGet();
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * The agent's cache, handed to every collector through the collector context: a DNS collector fills it, the
     * others read it for RemoteUrl. 16384 names, each kept between a minute and a day.
     */
    public static DnsCache forAgent() {
        return new DnsCache(16384, 60, 86400);
    }

    private volatile Runnable catchUp;

    /** Registers the sniffer's drain: run before a second look when a lookup misses. */
    public void catchUpWith(Runnable drain) {
        this.catchUp = drain;
    }

    /**
     * As {@link #lookup}, but on a miss first lets the sniffer handle answers it has captured and not parsed yet
     * (a process connects right after its answer arrives; the answer must be in the cache by then).
     */
    public String lookupCaughtUp(String ip, long nowNanos) {
        String name = lookup(ip, nowNanos);
        Runnable r = catchUp;
        if (name != null || r == null) {
            return name;
        }
        r.run();
        return lookup(ip, nowNanos);
    }

    /** Records that ip (canonical form, see {@link IpKeys}) answered for name. */
    public void put(String ip, String name, long ttlSeconds, long nowNanos) {
        long ttl = Math.min(Math.max(ttlSeconds * 1_000_000_000L, minTtlNanos), maxTtlNanos);
        synchronized (map) {
            map.put(ip, new Entry(name, nowNanos + ttl));
        }
    }

    /** The name last seen answering for this IP (any textual form), or null when unknown or expired. */
    public String lookup(String ip, long nowNanos) {
        String key = IpKeys.normalize(ip);
        if (key == null) {
            return null;
        }
        synchronized (map) {
            Entry e = map.get(key);
            if (e == null) {
                return null;
            }
            if (nowNanos - e.expiresNanos > 0) {
                map.remove(key);
                return null;
            }
            return e.name;
        }
    }

    public int size() {
        synchronized (map) {
            return map.size();
        }
    }

    public long evictions() {
        return evictions.get();
    }

    public void clear() {
        synchronized (map) {
            map.clear();
        }
    }
}
