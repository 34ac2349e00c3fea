package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** An allocation test, not a timing test: streaming a non-matching event must not allocate. */
class AcceptAllocatesNothingOnMissTest {
    private static final int CALLS = 100_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void nonMatchingEventsAllocateNothing() {
        StreamingQuery t1195 = Kql.compile(Seeds.t1195()).streaming();
        StreamingQuery t1546 = Kql.compile(Seeds.t1546()).streaming();
        StreamingQuery extra = Kql.compile("DeviceProcessEvents | where FileName =~ 'x' or FileName in~ ('a', 'b')"
                + " or ProcessCommandLine contains 'zzz' or FileName startswith 'qq' or FileName endswith_cs 'Q'"
                + " or FileName has_all ('a', 'b') or ProcessId in (1, 2, 3) or ProcessId > 1000000").streaming();
        // Misses that get deep into the arms: recent, package-manager parent, benign child
        Event proc = Ev.proc(Ev.NOW - Ev.HOUR).s("FileName", "ls").s("ProcessCommandLine", "ls -la /home/user/project")
                .s("InitiatingProcessFileName", "node.exe").n("ProcessId", 77).build();
        Event net = Ev.net(Ev.NOW - Ev.HOUR).s("InitiatingProcessFileName", "pip3").s("RemoteIPType", "Public")
                .s("RemoteUrl", "files.pythonhosted.org").n("RemotePort", 443).build();
        Event file = Ev.file(Ev.NOW - Ev.HOUR).s("FolderPath", "/home/user/src/main.c").s("FileName", "main.c")
                .s("ActionType", "FileModified").build();
        int[] matches = {0};
        MatchSink sink = (arm, e, row) -> matches[0]++;
        Event[] evs = {proc, net, file};
        StreamingQuery[] qs = {t1195, t1546, extra};
        for (int warm = 0; warm < 20_000; warm++) { // let the JIT compile the hot path first
            for (StreamingQuery q : qs) {
                q.accept(evs[warm % 3], Ev.NOW, sink);
            }
        }
        long before = allocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            Event e = evs[i % 3];
            t1195.accept(e, Ev.NOW, sink);
            t1546.accept(e, Ev.NOW, sink);
            extra.accept(e, Ev.NOW, sink);
        }
        long allocated = allocatedBytes() - before;
        assertEquals(0, matches[0], "the events must not match");
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes over " + 3 * CALLS + " accept calls");
    }

    @Test
    void theProbeSeesAllocation() {
        // guards against a probe that always reads zero
        long before = allocatedBytes();
        Object[] keep = new Object[1000];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = new byte[100];
        }
        assertTrue(allocatedBytes() - before >= 100_000, String.valueOf(keep.length));
    }
}
