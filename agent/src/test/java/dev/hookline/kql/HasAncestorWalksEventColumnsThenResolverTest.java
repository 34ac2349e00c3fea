package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** hookline_has_ancestor(N, names): event columns give the first levels, the resolver the rest. */
class HasAncestorWalksEventColumnsThenResolverTest {
    /** pid → {ppid, name, command line} */
    static final class MapResolver implements AncestryResolver {
        final Map<Long, Object[]> m = new HashMap<>();
        int calls;

        MapResolver p(long pid, long ppid, String name) {
            return p(pid, ppid, name, name);
        }

        MapResolver p(long pid, long ppid, String name, String cmd) {
            m.put(pid, new Object[] {ppid, name, cmd});
            return this;
        }

        @Override
        public String commandLine(long pid) {
            calls++;
            Object[] e = m.get(pid);
            return e == null ? null : (String) e[2];
        }

        @Override
        public long parentPid(long pid) {
            calls++;
            Object[] e = m.get(pid);
            return e == null ? Event.NULL : (Long) e[0];
        }

        @Override
        public String fileName(long pid) {
            calls++;
            Object[] e = m.get(pid);
            return e == null ? null : (String) e[1];
        }
    }

    private static boolean matches(String query, Event e, AncestryResolver r) {
        int[] n = {0};
        Kql.compile(query).streaming(r).accept(e, Ev.NOW, (arm, ev, row) -> n[0]++);
        return n[0] > 0;
    }

    private static String procQuery(int depth, String names) {
        return "DeviceProcessEvents | where hookline_has_ancestor(" + depth + ", dynamic([" + names + "]))";
    }

    /** curl (100) ← sh (30) ← dash (20) ← node (10) ← bash (5) */
    private static Event curlUnderShells() {
        return Ev.proc(Ev.NOW).s("FileName", "curl").n("ProcessId", 100).s("InitiatingProcessFileName", "sh")
                .n("InitiatingProcessId", 30).s("InitiatingProcessParentFileName", "dash")
                .n("InitiatingProcessParentId", 20).build();
    }

    private static MapResolver tree() {
        return new MapResolver().p(100, 30, "curl").p(30, 20, "sh").p(20, 10, "dash").p(10, 5, "node")
                .p(5, 1, "bash").p(1, 0, "systemd");
    }

    @Test
    void levelsTheEventCarriesNeedNoResolver() {
        Event e = curlUnderShells();
        assertTrue(matches(procQuery(1, "'sh'"), e, AncestryResolver.NONE));
        assertTrue(matches(procQuery(2, "'dash'"), e, AncestryResolver.NONE));
        assertFalse(matches(procQuery(1, "'dash'"), e, AncestryResolver.NONE), "dash is two levels up");
        assertFalse(matches(procQuery(2, "'curl'"), e, AncestryResolver.NONE), "the process itself is no ancestor");
        MapResolver r = tree();
        assertTrue(matches(procQuery(2, "'dash'"), e, r));
        assertEquals(0, r.calls, "levels 1 and 2 come from the event");
    }

    @Test
    void deeperLevelsWalkTheResolver() {
        Event e = curlUnderShells();
        assertTrue(matches(procQuery(3, "'npm', 'node'"), e, tree()));
        assertFalse(matches(procQuery(2, "'npm', 'node'"), e, tree()), "node is three levels up");
        assertTrue(matches(procQuery(6, "'systemd'"), e, tree()));
        assertFalse(matches(procQuery(3, "'node'"), e, AncestryResolver.NONE), "without a resolver only 2 levels");
    }

    @Test
    void namesMatchAsKustoTermsCaseInsensitively() {
        Event e = Ev.proc(Ev.NOW).s("FileName", "sh").s("InitiatingProcessFileName", "Python3.11").build();
        assertTrue(matches(procQuery(1, "'python3'"), e, AncestryResolver.NONE), "python3 is a term of python3.11");
        assertFalse(matches(procQuery(1, "'python'"), e, AncestryResolver.NONE), "python is not a whole term");
        Event pnpm = Ev.proc(Ev.NOW).s("FileName", "sh").s("InitiatingProcessFileName", "pnpm").build();
        assertFalse(matches(procQuery(1, "'npm'"), pnpm, AncestryResolver.NONE), "npm is not a term of pnpm");
    }

    @Test
    void networkAndFileEventsStartAboveTheInitiatingProcess() {
        Event net = Ev.net(Ev.NOW).s("InitiatingProcessFileName", "curl").n("InitiatingProcessId", 100)
                .s("InitiatingProcessParentFileName", "sh").n("InitiatingProcessParentId", 30).build();
        String q = "DeviceNetworkEvents | where hookline_has_ancestor(%d, 'node')";
        assertFalse(matches(String.format(q, 2), net, tree()), "sh(1), dash(2)");
        assertTrue(matches(String.format(q, 3), net, tree()), "sh(1), dash(2), node(3)");
        assertFalse(matches("DeviceNetworkEvents | where hookline_has_ancestor(3, 'curl')", net, tree()),
                "the initiating process is the subject, not its own ancestor");
        Event bare = Ev.file(Ev.NOW).s("FileName", "x").n("InitiatingProcessId", 20).build();
        assertTrue(matches("DeviceFileEvents | where hookline_has_ancestor(1, 'node')", bare, tree()),
                "an event without parent columns walks from its initiating pid");
    }

    @Test
    void commandLineVariantTellsNpmFromOtherNode() {
        // curl (100) ← sh (30) ← node install.js (20) ← node /usr/bin/npm install (10)
        MapResolver r = new MapResolver().p(30, 20, "sh", "sh -c ./fetch.sh").p(20, 10, "node", "node install.js")
                .p(10, 5, "node", "node /usr/bin/npm install left-pad");
        Event e = Ev.proc(Ev.NOW).s("FileName", "curl").n("ProcessId", 100).s("InitiatingProcessFileName", "sh")
                .s("InitiatingProcessCommandLine", "sh -c ./fetch.sh").n("InitiatingProcessId", 30).build();
        String q = "DeviceProcessEvents | where hookline_has_ancestor_cmdline(%d, dynamic(['npm install', 'pip install']))";
        assertTrue(matches(String.format(q, 3), e, r));
        assertFalse(matches(String.format(q, 2), e, r));
        assertFalse(matches(String.format(q, 3), e, AncestryResolver.NONE), "only level 1 has a command line column");
        Event direct = Ev.proc(Ev.NOW).s("FileName", "sh").s("InitiatingProcessCommandLine", "/usr/bin/python3 -m pip install x")
                .build();
        assertTrue(matches(String.format(q, 1), direct, AncestryResolver.NONE));
    }

    @Test
    void aCycleInTheResolverEndsAtTheDepth() {
        MapResolver loop = new MapResolver().p(20, 21, "a").p(21, 20, "b");
        Event e = Ev.net(Ev.NOW).n("InitiatingProcessId", 20).build();
        assertFalse(matches("DeviceNetworkEvents | where hookline_has_ancestor(64, 'npm')", e, loop));
        assertTrue(loop.calls <= 2 * 64 + 2);
    }

    @Test
    void namesMayComeFromAScalarLetOrSeveralArguments() {
        Event e = curlUnderShells();
        assertTrue(matches("let PM = dynamic(['npm', 'node']); DeviceProcessEvents | where hookline_has_ancestor(4, PM)",
                e, tree()));
        assertTrue(matches("DeviceProcessEvents | where hookline_has_ancestor(4, 'pip', 'node')", e, tree()));
        assertTrue(matches("DeviceProcessEvents | where not(hookline_has_ancestor(4, 'pip'))", e, tree()));
    }

    @Test
    void streamingWithoutAResolverUsesOnlyTheEvent() {
        int[] n = {0};
        Kql.compile(procQuery(2, "'dash'")).streaming().accept(curlUnderShells(), Ev.NOW, (a, ev, row) -> n[0]++);
        assertEquals(1, n[0]);
    }

    @Test
    void huntingAndPredicatesRejectItWithPosition() {
        CompiledQuery q = Kql.compile("DeviceProcessEvents\n| where hookline_has_ancestor(3, 'npm')");
        KqlException batch = assertThrows(KqlException.class, () -> q.run(new MemorySource(java.util.List.of()), Ev.NOW));
        assertEquals(2, batch.line());
        assertTrue(batch.getMessage().contains("need process ancestry"), batch.getMessage());
        KqlException pred = assertThrows(KqlException.class, () -> Kql.compilePredicate(
                "hookline_has_ancestor(3, 'npm')", dev.hookline.schema.Table.DeviceProcessEvents));
        assertTrue(pred.getMessage().contains("exclusion"), pred.getMessage());
    }

    @Test
    void badArgumentsAreCompileErrors() {
        String[] bad = {
            "DeviceProcessEvents | where hookline_has_ancestor(3)",
            "DeviceProcessEvents | where hookline_has_ancestor(0, 'npm')",
            "DeviceProcessEvents | where hookline_has_ancestor(65, 'npm')",
            "DeviceProcessEvents | where hookline_has_ancestor('3', 'npm')",
            "DeviceProcessEvents | where hookline_has_ancestor(ProcessId, 'npm')",
            "DeviceProcessEvents | where hookline_has_ancestor(3, FileName)",
            "DeviceProcessEvents | where hookline_has_ancestor(3, dynamic([]))",
            "DeviceProcessEvents | where hookline_has_ancestor(3, 5)",
        };
        for (String b : bad) {
            KqlException e = assertThrows(KqlException.class, () -> Kql.compile(b), b);
            assertTrue(e.getMessage().contains("hookline_has_ancestor()"), e.getMessage());
        }
    }
}
