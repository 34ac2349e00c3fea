package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Walking ancestry to a miss, event columns and a primitive-backed resolver, allocates nothing. */
class HasAncestorAllocatesNothingOnMissTest {
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** A chain 1000 → 999 → ... → 1, all named "bash". */
    private static final class ArrayResolver implements AncestryResolver {
        @Override
        public long parentPid(long pid) {
            return pid > 1 && pid <= 1000 ? pid - 1 : Event.NULL;
        }

        @Override
        public String fileName(long pid) {
            return pid >= 1 && pid <= 1000 ? "bash" : null;
        }
    }

    @Test
    void aDeepMissAllocatesNothing() {
        StreamingQuery q = Kql.compile("DeviceProcessEvents | where FileName in~ ('curl', 'wget')"
                + " | where hookline_has_ancestor(16, dynamic(['npm', 'node', 'pip', 'python3']))")
                .streaming(new ArrayResolver());
        Event e = Ev.proc(Ev.NOW).s("FileName", "curl").n("ProcessId", 1000).s("InitiatingProcessFileName", "sh")
                .n("InitiatingProcessId", 999).build();
        int[] matches = {0};
        MatchSink sink = (arm, ev, row) -> matches[0]++;
        for (int i = 0; i < 20_000; i++) {
            q.accept(e, Ev.NOW, sink);
        }
        long before = allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            q.accept(e, Ev.NOW, sink);
        }
        long allocated = allocatedBytes() - before;
        assertEquals(0, matches[0]);
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
    }
}
