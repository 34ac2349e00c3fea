package dev.hookline.kql.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The strings a regex gate keys on: read from the pattern's opening only where every match must contain one of
 * them, and nothing where that is not plain (alternation at the top, optional or repeated chars, classes, flags).
 */
class RegexLiteralsAreInEveryMatchTest {
    private static List<String> required(String re2) {
        return RegexLiterals.required(Re2.compile(re2));
    }

    @Test
    void aLiteralOpeningAndAGroupOfPlainAlternativesGiveOneNeedleEach() {
        // SigmaHQ's pnscan rule
        assertEquals(List.of("-W", "-R"), required("-(W|R)\\s?(\\s|\"|')([0-9a-fA-F]{2}\\s?){2,20}(\\s|\"|')"));
        assertEquals(List.of("curl"), required("^curl\\s"));
        assertEquals(List.of("/dev/tcp/"), required("/dev/tcp/[0-9]+"));
        assertEquals(List.of("a.b"), required("a\\.b"));
        assertEquals(List.of("base64 -d", "base64 --decode"), required("base64 (?:-d|--decode)"));
        // a char repeated by + is there at least once; nothing after it is read
        assertEquals(List.of("ab"), required("ab+c"));
    }

    @Test
    void whatMightBeAbsentOrIsNotPlainGivesNothingOrStopsTheReading() {
        assertEquals(List.of(), required("curl|wget"));
        assertEquals(List.of(), required("(?i)curl"));
        assertEquals(List.of(), required("(.){200,}"));
        assertEquals(List.of(), required("\\s-O\\s"));
        assertEquals(List.of(), required("a?b"));
        assertEquals(List.of(), required("a*"));
        assertEquals(List.of(), required("[ab]c"));
        assertEquals(List.of(), required("(ab|)c"));
        assertEquals(List.of(), required("x{0}"));
        assertEquals(List.of("a"), required("ab?c"));
        assertEquals(List.of("ab"), required("ab(c|d)?e"));
        assertEquals(List.of("ab"), required("ab(c|d+)"));
        assertEquals(List.of("ab"), required("ab(?i:c)"));
        assertEquals(List.of("a"), required("a[|]b"));
        assertEquals(List.of(), required("[|](x)|y"));
    }

    /** Whatever is read, a string the pattern finds a match in contains one of the needles. */
    @Test
    void everyMatchContainsANeedleOverRandomText() {
        String[] patterns = {"-(W|R)\\s?[0-9]", "ab+c", "ab?c", "^ab", "a(b|c)d", "(?:ab|ba)a", "a\\.b(c|d)?",
            "ba+", "a(b|c)+", "(a)b", "b(a|b|)a"};
        Random rnd = new Random(31);
        String alphabet = "abcdWR- .01";
        for (String p : patterns) {
            Pattern compiled = Re2.compile(p);
            List<String> needles = RegexLiterals.required(compiled);
            for (int k = 0; k < 20_000; k++) {
                StringBuilder sb = new StringBuilder();
                for (int n = rnd.nextInt(9); n > 0; n--) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                String s = sb.toString();
                if (!needles.isEmpty() && compiled.matcher(s).find()) {
                    assertTrue(needles.stream().anyMatch(s::contains), p + " matches " + s + " without " + needles);
                }
            }
        }
    }
}
