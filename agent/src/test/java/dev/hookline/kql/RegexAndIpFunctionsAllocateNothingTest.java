package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Evaluating matches regex and the IP functions to a miss allocates nothing (a reused Matcher, no parsing objects). */
class RegexAndIpFunctionsAllocateNothingTest {
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static long run(StreamingQuery q, Event[] events, int[] matches) {
        MatchSink sink = (arm, ev, row) -> matches[0]++;
        long before = allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            q.accept(events[i % events.length], Ev.NOW, sink);
        }
        return allocatedBytes() - before;
    }

    @Test
    void regexMissesAllocateNothing() {
        StreamingQuery q = Kql.compile("DeviceProcessEvents | where ProcessCommandLine matches regex"
                + " @'(?i)(^|\\s)--(registry|index-url)(=|\\s+)[\"'']?https?://(?P<host>[a-z0-9.-]+)' and FileName == 'x'")
                .streaming();
        Event[] events = {Q.proc("ProcessCommandLine", "node /usr/bin/npm install --registry http://10.0.0.5:4873 x"),
            Q.proc("ProcessCommandLine", "pip install requests"), Q.proc("ProcessCommandLine", "")};
        int[] matches = {0};
        run(q, events, matches);
        long allocated = run(q, events, matches);
        assertEquals(0, matches[0]);
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void ipFunctionsAllocateNothing() {
        StreamingQuery q = Kql.compile("DeviceNetworkEvents | where ipv4_is_in_range(RemoteIP, '10.0.0.0/8')"
                + " or ipv4_is_private(RemoteIP) or ipv6_is_in_range(RemoteIP, 'fd00::/8')"
                + " or ipv4_is_match(RemoteIP, LocalIP, 24)").streaming();
        Event[] events = {Ev.net(Ev.NOW).s("RemoteIP", "203.0.113.9").s("LocalIP", "198.51.100.1").build(),
            Ev.net(Ev.NOW).s("RemoteIP", "2001:db8::1").build(), Ev.net(Ev.NOW).s("RemoteIP", "garbage").build()};
        int[] matches = {0};
        run(q, events, matches);
        long allocated = run(q, events, matches);
        assertEquals(0, matches[0]);
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
    }
}
