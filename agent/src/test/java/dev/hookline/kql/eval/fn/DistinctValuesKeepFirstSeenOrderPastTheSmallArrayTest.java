package dev.hookline.kql.eval.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The distinct values of a group (dcount, make_set): first-seen order and no duplicates, in the small array and
 * after it turned into a hash set; values kept apart from their keys where they differ (make_set's 1 and 1.0).
 */
class DistinctValuesKeepFirstSeenOrderPastTheSmallArrayTest {
    @Test
    void duplicatesAreRefusedBeforeAndAfterTheSmallArrayIsOutgrown() {
        DistinctValues d = new DistinctValues(true);
        List<Object> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < DistinctValues.SMALL * 3; i++) {
                String v = "v" + i;
                boolean added = d.add(v, v);
                assertEquals(round == 0, added, v + " in round " + round);
                if (added) {
                    expected.add(v);
                }
                if (round == 0 && i < DistinctValues.SMALL) {
                    assertFalse(d.add(new String(v), v), "an equal key is the same value while small");
                }
            }
        }
        assertEquals(DistinctValues.SMALL * 3, d.size());
        assertEquals(expected, d.values());
    }

    @Test
    void exactlyTheSmallArraysWorthAndNoneGiveTheirValues() {
        DistinctValues full = new DistinctValues(true);
        for (int i = 0; i < DistinctValues.SMALL; i++) {
            assertTrue(full.add((long) i, (long) i));
        }
        assertEquals(DistinctValues.SMALL, full.values().size());
        assertEquals(0L, full.values().get(0));
        assertEquals(List.of(), new DistinctValues(true).values());
    }

    @Test
    void aValueWhoseKeyDiffersIsKeptAsTheValue() {
        // make_set keys 1.0 as 1 (Dynamic.key): the first seen of 1.0 and 1 is the one kept
        DistinctValues d = new DistinctValues(true);
        assertTrue(d.add("a", "a"));
        assertTrue(d.add(1L, 1.0));
        assertFalse(d.add(1L, 1L));
        assertTrue(d.add("b", "b"));
        assertEquals(List.of("a", 1.0, "b"), d.values());
        for (int i = 0; i < DistinctValues.SMALL; i++) {
            d.add((long) i + 2, (double) i + 2);
        }
        assertFalse(d.add(1L, 1L));
        assertEquals(1.0, d.values().get(1));
        assertEquals(2.0, d.values().get(3));
    }

    @Test
    void countingOnlyHasNoValuesToGive() {
        DistinctValues d = new DistinctValues(false);
        for (int i = 0; i < 20; i++) {
            d.add(i % 11, i % 11);
        }
        assertEquals(11, d.size());
        assertThrows(IllegalStateException.class, d::values);
    }
}
