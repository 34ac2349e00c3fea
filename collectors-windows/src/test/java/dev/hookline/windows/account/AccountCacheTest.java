package dev.hookline.windows.account;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.process.Account;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountCacheTest {
    static final String SID = "S-1-5-21-1-2-3-1009";

    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<String> lookupThread = new AtomicReference<>();
    /** A LookupAccountSid that blocks until released, as one waiting for a domain controller does. */
    final AccountCache cache = new AccountCache(sid -> {
        calls.incrementAndGet();
        lookupThread.set(Thread.currentThread().getName());
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Account("dev9", "CORP", sid);
    }, 16);

    @AfterEach
    void close() {
        release.countDown();
        cache.close();
    }

    static void awaitSettled(AccountCache c, String sid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.settled(sid) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(c.settled(sid), "lookup never finished");
    }

    @Test
    void aMissAnswersWithTheSidAtOnceWhileTheLookupBlocksElsewhereThenTheNamesAreCached() throws Exception {
        cache.start();
        long t0 = System.nanoTime();
        Account a = cache.account(SID);
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500), "the caller did not wait");
        assertEquals(new Account(null, null, SID), a);
        assertFalse(cache.settled(SID));
        release.countDown();
        awaitSettled(cache, SID);
        assertEquals(new Account("dev9", "CORP", SID), cache.account(SID));
        assertEquals("hookline-etw-accounts", lookupThread.get());
        assertEquals(1L, cache.counters().get("account_cache_misses"));
        assertEquals(1L, cache.counters().get("account_cache_hits"));
        assertEquals(1L, cache.counters().get("account_lookups"));
    }

    @Test
    void aSidMissedManyTimesWhileItsLookupRunsIsLookedUpOnce() throws Exception {
        cache.start();
        for (int i = 0; i < 100; i++) {
            cache.account(SID);
        }
        release.countDown();
        awaitSettled(cache, SID);
        assertEquals(1, calls.get());
        assertEquals(100L, cache.counters().get("account_cache_misses"));
    }

    @Test
    void aFailedLookupIsCachedAsSidOnlySoItIsNotRepeated() throws Exception {
        AccountCache failing = new AccountCache(sid -> {
            calls.incrementAndGet();
            throw new IllegalStateException("ERROR_NONE_MAPPED");
        }, 16);
        failing.start();
        try {
            failing.account(SID);
            awaitSettled(failing, SID);
            assertEquals(new Account(null, null, SID), failing.account(SID));
            assertEquals(1, calls.get());
            assertEquals(1L, failing.counters().get("account_lookup_failures"));
        } finally {
            failing.close();
        }
    }

    @Test
    void resolveNowLooksUpOnTheCallersThreadAndWarmsTheCache() {
        release.countDown();
        assertEquals("dev9", cache.resolveNow(SID).name());
        assertEquals(Thread.currentThread().getName(), lookupThread.get());
        assertTrue(cache.settled(SID));
        assertEquals("dev9", cache.account(SID).name());
        assertEquals(0L, cache.counters().get("account_cache_misses"));
    }

    @Test
    void aFullQueueIsCountedAndTheSidAskedForAgainAtItsNextMiss() {
        AccountCache small = new AccountCache(sid -> new Account("x", "y", sid), 1); // not started: nothing drains
        small.account("S-1-5-21-1");
        small.account("S-1-5-21-2");
        assertEquals(1L, small.counters().get("account_queue_full"));
        small.account("S-1-5-21-2");
        assertEquals(2L, small.counters().get("account_queue_full"), "not marked as queued after a full queue");
    }

    @Test
    void noSidIsTheUnknownAccountAndSettled() {
        assertEquals(Account.UNKNOWN, cache.account(null));
        assertTrue(cache.settled(null));
    }
}
