package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.HasAncestorWalksEventColumnsThenResolverTest.MapResolver;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-event memo of hookline_has_ancestor*() answers ({@link AncestryMemo}) gives every arm the answer the
 * lineage gives: over events of different processes in a shuffled order (below npm, below pip's python, below dpkg,
 * unknown), arms asking the same question, the same names at another depth and the command-line form match exactly
 * as they do without the memo, while the lineage is asked fewer times; an answer never outlives its event. The
 * memo's cache of scanned names (by string identity) follows a process whose command line changes (an exec), and
 * survives more distinct command lines than it has slots.
 */
class AncestryMemoAnswersAsTheLineageDoesTest {
    private static final String QUERY = """
            let PM = dynamic(["npm", "pip", "dpkg"]);
            let IC = dynamic(["npm install", "pip install"]);
            let A = DeviceNetworkEvents | where hookline_has_ancestor(4, PM) | extend Arm = "A";
            let B = DeviceNetworkEvents | where RemotePort != 443
                | where hookline_has_ancestor(4, PM) or hookline_has_ancestor_cmdline(4, IC) | extend Arm = "B";
            let C = DeviceNetworkEvents | where hookline_has_ancestor_cmdline(4, IC) | extend Arm = "C";
            let D = DeviceNetworkEvents | where hookline_has_ancestor(2, PM) | extend Arm = "D";
            let E = DeviceNetworkEvents | where hookline_has_ancestor(4, dynamic(["dpkg"])) | extend Arm = "E";
            union A, B, C, D, E
            | project Arm, InitiatingProcessId, RemotePort""";

    private static MapResolver tree() {
        return new MapResolver()
                .p(100, 1, "node", "node /usr/bin/npm install left-pad").p(101, 100, "sh").p(102, 101, "node")
                .p(200, 1, "bash").p(201, 200, "python3.11", "python3.11 -m pip install x").p(202, 201, "python3.11")
                .p(300, 1, "dpkg").p(301, 300, "sh").p(302, 301, "sh").p(303, 302, "sh").p(304, 303, "curl")
                .p(400, 1, "npm").p(401, 400, "node");
    }

    private static List<Event> events(Random rnd) {
        long[] pids = {102, 101, 202, 201, 304, 303, 302, 401, 999, 1};
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(Ev.net(Ev.NOW).n("InitiatingProcessId", pids[rnd.nextInt(pids.length)])
                    .n("RemotePort", rnd.nextBoolean() ? 443 : 4873).build());
        }
        return out;
    }

    private static List<String> run(AncestryResolver r, List<Event> events, AncestryMemo memo) {
        StreamingQuery q = Kql.compile(QUERY).streaming(r);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (memo != null) {
                memo.begin(e);
            }
            int index = i;
            q.accept(e, Ev.NOW, (arm, ev, row) -> out.add(index + " " + Arrays.toString(row)));
        }
        return out;
    }

    @Test
    void everyArmGetsTheLineagesAnswerWithFewerLookups() {
        List<Event> events = events(new Random(16));
        MapResolver plain = tree();
        List<String> want = run(plain, events, null);
        MapResolver behind = tree();
        AncestryMemo memo = new AncestryMemo(behind);
        assertEquals(want, run(memo, events, memo));
        // the arms do match, each of them, and the memo spared lookups
        for (String arm : List.of("[A,", "[B,", "[C,", "[D,", "[E,")) {
            assertTrue(want.stream().anyMatch(s -> s.contains(arm)), arm + " never matched: " + want);
        }
        assertTrue(behind.calls < plain.calls, behind.calls + " lookups with the memo, " + plain.calls + " without");
    }

    @Test
    void scannedNamesAreRememberedByIdentityNotByPid() {
        Random rnd = new Random(31);
        String[] cmds = new String[3000];
        for (int i = 0; i < cmds.length; i++) { // many distinct strings: more than the cache's slots
            cmds[i] = rnd.nextInt(5) == 0 ? "node /usr/bin/npm install pkg" + i : "node /srv/app/server" + i + ".js";
        }
        List<Event> events = new ArrayList<>();
        List<String> cmdOf100 = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            // pid 100 execs: its command line (a new String each time, sometimes of the same content) changes
            cmdOf100.add(rnd.nextBoolean() ? cmds[rnd.nextInt(cmds.length)]
                    : new String(cmds[rnd.nextInt(50)]));
            events.add(Ev.net(Ev.NOW).n("InitiatingProcessId", 102).n("RemotePort", 4873).build());
        }
        List<String> plain = new ArrayList<>();
        List<String> memoized = new ArrayList<>();
        MapResolver a = tree();
        MapResolver b = tree();
        AncestryMemo memo = new AncestryMemo(b);
        StreamingQuery qa = Kql.compile(QUERY).streaming(a);
        StreamingQuery qb = Kql.compile(QUERY).streaming(memo);
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            a.p(100, 1, "node", cmdOf100.get(i));
            b.p(100, 1, "node", cmdOf100.get(i));
            int index = i;
            qa.accept(e, Ev.NOW, (arm, ev, row) -> plain.add(index + " " + Arrays.toString(row)));
            memo.begin(e);
            qb.accept(e, Ev.NOW, (arm, ev, row) -> memoized.add(index + " " + Arrays.toString(row)));
        }
        assertEquals(plain, memoized);
        assertTrue(plain.stream().anyMatch(x -> x.contains("[C,")), "the command-line arm must match sometimes");
        assertTrue(plain.stream().filter(x -> x.contains("[C,")).count() < events.size(), "and not always");
    }

    @Test
    void anAnswerIsForgottenWithItsEvent() {
        AncestryMemo memo = new AncestryMemo(tree());
        Event npm = Ev.net(Ev.NOW).n("InitiatingProcessId", 102).build();
        Event other = Ev.net(Ev.NOW).n("InitiatingProcessId", 202).build();
        memo.begin(npm);
        memo.remember(npm, 3, true);
        assertEquals(1, memo.answer(npm, 3));
        assertEquals(-1, memo.answer(other, 3)); // not the event begun
        memo.begin(other);
        assertEquals(-1, memo.answer(other, 3));
        memo.begin(npm); // the same event object again (a reused slot): a new evaluation, nothing remembered
        assertEquals(-1, memo.answer(npm, 3));
        memo.remember(other, 5, true); // not the event begun: ignored
        assertEquals(-1, memo.answer(other, 5));
    }
}
