package dev.hookline.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DnsCacheTest {
    private static final long S = 1_000_000_000L;

    @Test
    void entriesExpireAfterTheirTtlRaisedToTheFloor() {
        DnsCache c = new DnsCache(10, 5, 100);
        c.put("10.0.0.1", "a.test", 1, 0);
        c.put("10.0.0.2", "b.test", 50, 0);
        c.put("10.0.0.3", "c.test", 10_000, 0);
        assertEquals("a.test", c.lookup("10.0.0.1", 4 * S));
        assertNull(c.lookup("10.0.0.1", 6 * S));
        assertEquals("b.test", c.lookup("10.0.0.2", 49 * S));
        assertNull(c.lookup("10.0.0.2", 51 * S));
        assertEquals("c.test", c.lookup("10.0.0.3", 99 * S));
        assertNull(c.lookup("10.0.0.3", 101 * S));
    }

    @Test
    void leastRecentlyUsedEntryIsEvictedWhenFull() {
        DnsCache c = new DnsCache(2, 0, 100);
        c.put("10.0.0.1", "a.test", 60, 0);
        c.put("10.0.0.2", "b.test", 60, 0);
        c.lookup("10.0.0.1", 1);
        c.put("10.0.0.3", "c.test", 60, 0);
        assertEquals("a.test", c.lookup("10.0.0.1", 2));
        assertNull(c.lookup("10.0.0.2", 2));
        assertEquals(1, c.evictions());
        assertEquals(2, c.size());
    }

    @Test
    void latestAnswerWinsAndLookupAcceptsAnyIpv6Spelling() {
        DnsCache c = new DnsCache(10, 0, 100);
        c.put("2001:db8::1", "old.test", 60, 0);
        c.put("2001:db8::1", "new.test", 60, 0);
        assertEquals("new.test", c.lookup("2001:0db8:0000::0001", 1));
        assertNull(c.lookup("not-an-ip", 1));
    }
}
