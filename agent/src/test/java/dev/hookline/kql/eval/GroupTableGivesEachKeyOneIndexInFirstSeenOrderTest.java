package dev.hookline.kql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.kql.expr.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * summarize's group table: a key seen again finds its group, a new one gets the next index (first-seen order), also
 * when hashes collide, for null and empty keys, for several keys compared element by element, and across growth of
 * the table past its initial size with each group's state kept beside its key.
 */
class GroupTableGivesEachKeyOneIndexInFirstSeenOrderTest {
    /** find, and add on a miss: the group index of key. */
    private static int group(GroupTable t, Object key) {
        int g = t.find(key);
        return g >= 0 ? g : t.add(key);
    }

    /** 2^n different strings with one hash: "Aa" and "BB" hash alike, so do all their concatenations. */
    private static List<String> sameHash(int n) {
        List<String> out = new ArrayList<>(List.of(""));
        for (int i = 0; i < n; i++) {
            List<String> next = new ArrayList<>();
            for (String s : out) {
                next.add(s + "Aa");
                next.add(s + "BB");
            }
            out = next;
        }
        return out;
    }

    @Test
    void keysWithEqualHashesGetTheirOwnGroupsAndFindThemAgain() {
        List<String> keys = sameHash(9); // 512 keys, one hash: every one probes past all the others
        assertEquals(keys.get(0).hashCode(), keys.get(511).hashCode());
        GroupTable t = new GroupTable(false, 1, 4);
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(i, group(t, keys.get(i)));
        }
        for (int i = keys.size() - 1; i >= 0; i--) {
            assertEquals(i, t.find(new String(keys.get(i)))); // equal, not the same object
        }
        assertEquals(-1, t.find("AaAaAaAaAaAaAaAaAA"));
        assertEquals(512, t.size());
    }

    @Test
    void nullAndEmptyKeysAreGroupsOfTheirOwn() {
        GroupTable t = new GroupTable(false, 1, 16);
        assertEquals(0, group(t, null));
        assertEquals(1, group(t, ""));
        assertEquals(2, group(t, 0L));
        assertEquals(0, group(t, null));
        assertEquals(1, group(t, ""));
        assertEquals(2, group(t, 0L));
        assertEquals(3, t.size());
        assertEquals(null, t.key(0));
        assertEquals("", t.key(1));
    }

    @Test
    void severalKeysCompareElementByElementIncludingNulls() {
        GroupTable t = new GroupTable(true, 1, 16);
        assertEquals(0, group(t, new Object[] {"a", 1L}));
        assertEquals(1, group(t, new Object[] {"a", 2L}));
        assertEquals(2, group(t, new Object[] {null, 1L}));
        assertEquals(3, group(t, new Object[] {"a", null}));
        assertEquals(4, group(t, new Object[] {null, null}));
        // fresh arrays of equal values find the groups
        assertEquals(0, t.find(new Object[] {"a", 1L}));
        assertEquals(2, t.find(new Object[] {null, 1L}));
        assertEquals(4, t.find(new Object[] {null, null}));
        assertEquals(-1, t.find(new Object[] {"a", 3L}));
        assertEquals(-1, t.find(new Object[] {1L, "a"}));
    }

    @Test
    void noKeysAtAllIsOneGroup() {
        GroupTable t = new GroupTable(true, 1, 16);
        assertEquals(0, group(t, new Object[0]));
        assertEquals(0, group(t, new Object[0]));
        assertEquals(1, t.size());
    }

    @Test
    void growingPastItsInitialSizeKeepsEveryGroupWithItsState() {
        GroupTable t = new GroupTable(false, 3, 2);
        int n = 50_000;
        for (long i = 0; i < n; i++) {
            int g = group(t, i * 1_000_003L);
            Object[] e = t.entries();
            e[g * 3 + 1] = "state " + i;
            e[g * 3 + 2] = i;
        }
        assertEquals(n, t.size());
        for (long i = n - 1; i >= 0; i -= 7) {
            int g = t.find(i * 1_000_003L);
            assertEquals(i, g);
            assertEquals(i * 1_000_003L, t.key(g));
            assertEquals("state " + i, t.entries()[g * 3 + 1]);
            assertEquals(i, t.entries()[g * 3 + 2]);
        }
    }

    @Test
    void longKeysCompareAsLongsWithNullApartAndKeepTheOutputObjectGiven() {
        GroupTable t = GroupTable.ofLongs(2, 2);
        long[] keys = {0, Node.NULL, -1, Long.MAX_VALUE, 1L << 32, 1};
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < keys.length; i++) {
                int g = t.findLong(keys[i]);
                if (round == 0) {
                    assertEquals(-1, g);
                    g = t.add(keys[i] == Node.NULL ? null : "out " + keys[i]);
                    t.entries()[g * 2 + 1] = i;
                }
                assertEquals(i, g);
                assertEquals(i, t.entries()[g * 2 + 1]);
            }
        }
        assertEquals(null, t.key(1));
        assertEquals("out 4294967296", t.key(4));
        for (long i = 0; i < 10_000; i++) { // past the initial size, keys that differ only in their high bits
            if (t.findLong(i << 40) < 0) {
                t.add(i << 40);
            }
        }
        assertEquals(6 + 9_999, t.size()); // 0 << 40 was there
        assertEquals(6 + 4_999, t.findLong(5_000L << 40));
    }

    @Test
    void aKeyIsKeptAsGivenAndAddNeedsAMissedFind() {
        GroupTable t = new GroupTable(true, 1, 16);
        Object[] key = {"x"};
        assertEquals(-1, t.find(key));
        t.add(key);
        assertSame(key, t.key(0));
        assertEquals(0, t.find(new Object[] {"x"}));
        assertThrows(IllegalStateException.class, () -> t.add(new Object[] {"y"}));
    }
}
