package dev.hookline.windows.account;

import dev.hookline.process.Account;
import dev.hookline.windows.normalize.SidResolver;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link SidResolver} that never blocks its caller: {@link #account} answers from the cache (a hit) or, for a SID
 * not known yet (a miss), answers with the SID only and queues the SID for the resolver thread, which runs the
 * blocking lookup and caches the answer; {@link #settled} says when that answer is in. A failed lookup is cached
 * as SID-only, so a SID with no name costs one lookup, not one per event. {@link #resolveNow} runs the lookup on
 * the caller's thread, for the start-up seed (not the ETW callback).
 */
public final class AccountCache implements SidResolver, AutoCloseable {
    public static final int DEFAULT_QUEUE = 1024;
    /** SIDs on one host are few (local and domain users, service SIDs); past this the cache starts over. */
    static final int MAX_ENTRIES = 65_536;

    private final Function<String, Account> lookup;
    private final Map<String, Account> cache = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> queue;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong maxLookupNanos = new AtomicLong();
    private Thread thread;

    /** @param lookup the blocking lookup: names for a SID; may throw or return names null when there are none */
    public AccountCache(Function<String, Account> lookup, int queueCapacity) {
        this.lookup = lookup;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "hookline-etw-accounts");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Account account(String sid) {
        if (sid == null) {
            return Account.UNKNOWN;
        }
        Account a = cache.get(sid);
        if (a != null) {
            hits.incrementAndGet();
            return a;
        }
        misses.incrementAndGet();
        if (queued.add(sid) && !queue.offer(sid)) {
            queued.remove(sid);
            queueFull.incrementAndGet(); // asked again at the next miss
        }
        return new Account(null, null, sid);
    }

    @Override
    public boolean settled(String sid) {
        return sid == null || cache.containsKey(sid);
    }

    /** Looks the SID up on this thread if it is not cached (start-up only: this blocks). */
    public Account resolveNow(String sid) {
        if (sid == null) {
            return Account.UNKNOWN;
        }
        Account a = cache.get(sid);
        return a != null ? a : resolve(sid);
    }

    private Account resolve(String sid) {
        long t0 = System.nanoTime();
        Account a;
        try {
            Account found = lookup.apply(sid);
            a = found == null ? new Account(null, null, sid) : new Account(found.name(), found.domain(), sid);
        } catch (RuntimeException e) {
            a = new Account(null, null, sid);
        }
        if (a.name() == null) {
            failures.incrementAndGet();
        }
        lookups.incrementAndGet();
        maxLookupNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(sid, a);
        return a;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            String sid;
            try {
                sid = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                resolve(sid);
            } finally {
                queued.remove(sid);
            }
        }
    }

    public Map<String, Long> counters() {
        return Map.of("account_cache_hits", hits.get(), "account_cache_misses", misses.get(),
                "account_lookups", lookups.get(), "account_lookup_failures", failures.get(),
                "account_queue_full", queueFull.get(),
                "account_lookup_max_ms", TimeUnit.NANOSECONDS.toMillis(maxLookupNanos.get()));
    }

    @Override
    public synchronized void close() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            // a lookup in progress is not interruptible (LookupAccountSid): do not wait for it long
            t.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }
}
