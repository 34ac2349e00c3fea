package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * summarize over more groups than its table starts with, keys whose hashes collide, an empty key, and groups with
 * more distinct values than the small arrays hold: the same rows, in first-appearance order, as a LinkedHashMap of
 * LinkedHashSets computed here.
 */
class SummarizeOverManyGroupsMatchesAPlainReferenceTest {
    /** 64 file names of one hash ("Aa" and "BB" hash alike), "" and 40 others. */
    private static List<String> names() {
        List<String> out = new ArrayList<>(List.of(""));
        String[] halves = {"Aa", "BB"};
        for (int i = 0; i < 64; i++) {
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < 6; b++) {
                sb.append(halves[(i >> b) & 1]);
            }
            out.add(sb.toString());
        }
        for (int i = 0; i < 40; i++) {
            out.add("tool" + i);
        }
        return out;
    }

    @Test
    void dcountAndMakeSetByOneAndByTwoKeysMatchTheReference() {
        List<String> names = names();
        assertEquals(names.get(1).hashCode(), names.get(64).hashCode());
        SplittableRandom r = new SplittableRandom(7);
        List<Event> events = new ArrayList<>();
        Map<String, LinkedHashSet<String>> byName = new LinkedHashMap<>();
        Map<List<String>, LinkedHashSet<String>> byTwo = new LinkedHashMap<>();
        for (int i = 0; i < 4000; i++) {
            String name = names.get(r.nextInt(names.size()));
            // a few names see many devices (past the small array), most a few
            String device = "d" + r.nextInt(name.startsWith("tool1") ? 30 : 3);
            String account = i % 3 == 0 ? "" : "u" + i % 2;
            events.add(Ev.proc(Ev.NOW).s("FileName", name).s("DeviceId", device).s("AccountName", account).build());
            byName.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(device);
            byTwo.computeIfAbsent(List.of(name, account), k -> new LinkedHashSet<>()).add(device);
        }
        Event[] rows = events.toArray(new Event[0]);

        ResultTable one = Q.run("DeviceProcessEvents | summarize n = dcount(DeviceId), s = make_set(DeviceId)"
                + " by FileName", rows);
        assertEquals(new ArrayList<>(byName.keySet()), Q.column(one, "FileName"));
        assertEquals(byName.values().stream().map(s -> (Object) (long) s.size()).toList(), Q.column(one, "n"));
        assertEquals(byName.values().stream().map(s -> (Object) new ArrayList<>(s)).toList(), Q.column(one, "s"));

        ResultTable two = Q.run("DeviceProcessEvents | summarize n = dcount(DeviceId), s = make_set(DeviceId)"
                + " by FileName, AccountName", rows);
        List<List<String>> keys = new ArrayList<>();
        for (Object[] row : two.rows()) {
            keys.add(List.of((String) row[0], (String) row[1]));
        }
        assertEquals(new ArrayList<>(byTwo.keySet()), keys);
        assertEquals(byTwo.values().stream().map(s -> (Object) new ArrayList<>(s)).toList(), Q.column(two, "s"));
        assertEquals(byTwo.values().stream().map(s -> (Object) (long) s.size()).toList(), Q.column(two, "n"));
    }

    @Test
    void aLongKeyGroupsByItsValueAndOutputsItsOwnType() {
        List<Event> events = new ArrayList<>();
        Map<Long, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < 3000; i++) {
            long pid = (i * 7919L) % 101; // 101 groups, first seen in a scrambled order
            events.add(Ev.proc(Ev.NOW - i * 60_000_000_000L).n("ProcessId", pid).build());
            counts.merge(pid, 1L, Long::sum);
        }
        Event[] rows = events.toArray(new Event[0]);
        ResultTable r = Q.run("DeviceProcessEvents | summarize c = count() by ProcessId", rows);
        assertEquals(new ArrayList<Object>(counts.keySet()), Q.column(r, "ProcessId"));
        assertEquals(new ArrayList<Object>(counts.values()), Q.column(r, "c"));
        // a datetime key comes out as a datetime: 3000 minutes are 50 or 51 hours
        ResultTable hours = Q.run("DeviceProcessEvents | summarize c = count() by bin(Timestamp, 1h)", rows);
        int n = hours.rows().size();
        assertEquals(true, n == 50 || n == 51, "hours: " + n);
        assertEquals(java.time.Instant.class, hours.rows().get(0)[0].getClass());
        assertEquals(3000L, hours.rows().stream().mapToLong(row -> (Long) row[1]).sum());
    }
}
