package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.KqlException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StringFunctionsFollowKustoTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                row("tolower(FileName)", "cmd.exe"),
                row("toupper(FileName)", "CMD.EXE"),
                row("tolower(42)", "42"),
                row("strcat(FileName, ':', ProcessId)", "Cmd.exe:42"),
                row("strcat('a', 1.5, true, 2h)", "a1.5true02:00:00"),
                row("strcat(InitiatingProcessId, 'x')", "x"),
                row("strlen(ProcessCommandLine)", 17L),
                row("strlen(AccountName)", 0L),
                row("strlen(12345)", 5L),
                // extract: group 0 is the whole match; no match is "" (null when typed)
                row("extract(@'/(\\w)\\s', 1, ProcessCommandLine)", "c"),
                row("extract(@'(\\d+)', 0, 'pid 4711 started')", "4711"),
                row("extract(@'(\\d+)', 1, 'pid 4711 started', typeof(long))", 4711L),
                row("extract(@'(\\d+)', 1, 'no digits', typeof(long))", null),
                row("extract(@'(\\d+)', 1, 'no digits')", ""),
                row("extract(@'(\\d+)\\.(\\d+)', 2, 'v 3.25', typeof(real))", 25.0),
                row("extract(@'(\\d+)', 3, '42')", ""),
                row("extract(@'at (.*)', 1, 'at 2024-01-02T03:04:05Z', typeof(datetime))",
                        java.time.Instant.parse("2024-01-02T03:04:05Z")),
                // substring: the documented examples and a negative start
                row("substring('123456', 1)", "23456"),
                row("substring('123456', 2, 2)", "34"),
                row("substring('ABCD', 0, 2)", "AB"),
                row("substring('123456', -2, 2)", "56"),
                row("substring(FileName, 4)", "exe"),
                row("substring('abc', 5)", ""),
                row("substring('abc', 1, 100)", "bc"),
                // indexof: the documented examples
                row("indexof('abcdefg', 'cde')", 2L),
                row("indexof('abcdefg', 'cde', 1, 4)", 2L),
                row("indexof('abcdefg', 'cde', 1, 2)", -1L),
                row("indexof('abcdefg', 'cde', 3, 4)", -1L),
                row("indexof('abcdefg', 'cde', -5)", 2L),
                row("indexof(1234567, 5, 1, 4)", 4L),
                row("indexof('abcdefg', 'cde', 2, -1)", 2L),
                row("indexof('abcdefgabcdefg', 'cde', 1, -1, 3)", -1L),
                row("indexof('abcdefgabcdefg', 'cde', 0, -1, 2)", 9L),
                row("indexof('abc', 'b', 0, -2)", null),
                row("indexof('abc', 'b', -9)", null),
                // replace_string / replace_regex / replace (deprecated)
                row("replace_string('A magic trick can turn a cat into a dog', 'cat', 'hamster')",
                        "A magic trick can turn a hamster into a dog"),
                row("replace_regex('number: 42, 7', @'(\\d+)', @'<\\1>')", "number: <42>, <7>"),
                row("replace_regex('abc', 'b', @'[\\0\\0]')", "a[bb]c"),
                row("replace(@'(\\d+)', @'<\\1>', 'a1b22')", "a<1>b<22>"),
                // RE2's bare \0 is the NUL character (published queries strip UTF-16 NULs with it)
                row("replace(@'\\0', '', strcat('a', make_string(0), 'b'))", "ab"),
                row("replace_regex(ProcessCommandLine, @'\\s+', '_')", "cmd.exe_/c_whoami"),
                row("replace_regex('$1 cost', '[$]', 'USD ')", "USD 1 cost"),
                // trim family: regex arguments, repeated matches
                row("trim('--', '--https://bing.com--')", "https://bing.com"),
                row("trim(@'[^\\w]+', '- Te st1// $')", "Te st1"),
                row("trim_start(@'[^\\w]+', '- Te st1// $')", "Te st1// $"),
                row("trim_start('https://', 'https://bing.com')", "bing.com"),
                row("trim_end(@'[^\\w]+', '- Te st1// $')", "- Te st1"),
                row("trim(@'\\s+', '  Hello, world!  ')", "Hello, world!"),
                row("trim_end('x', 'x-axx')", "x-a"),
                // countof: plain matches overlap, regex ones do not
                row("countof('aaa', 'a')", 3L),
                row("countof('aaaa', 'aa')", 3L),
                row("countof('ababa', 'ab', 'normal')", 2L),
                row("countof('ababa', 'aba')", 2L),
                row("countof('ababa', 'aba', 'regex')", 1L),
                row("countof('abcabc', 'a.c', 'regex')", 2L),
                row("countof(ProcessCommandLine, ' ')", 2L),
                // joining, repeating, reversing, sizes, comparing
                row("strcat_delim('-', 'a', 1, true)", "a-1-true"),
                row("strcat_delim(',', FileName, ProcessId, InitiatingProcessId)", "Cmd.exe,42,"),
                row("strrep('ABC', 2)", "ABCABC"),
                row("strrep(123, 3, ',')", "123,123,123"),
                row("strrep('x', 0)", ""),
                row("reverse('ABCDEF')", "FEDCBA"),
                row("reverse(123)", "321"),
                row("string_size('abc')", 3L),
                row("string_size('\u00e9\u20ac')", 5L),
                row("strlen('\u00e9\u20ac')", 2L),
                row("strcmp('abc', 'abd')", -1L),
                row("strcmp('b', 'a')", 1L),
                row("strcmp(FileName, 'Cmd.exe')", 0L),
                row("isascii('plain')", true),
                row("isascii('caf\u00e9')", false),
                row("isutf8('caf\u00e9')", true),
                row("strlen(new_guid())", 36L));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                row("extract('(', 1, FileName)", "extract() regular expression"),
                row("extract('(a)', 'x', FileName)", "extract() capture group must be a whole number"),
                row("extract('(a)', 1, FileName, long)", "extract() last argument must be a type such as typeof(long)"),
                row("extract('(a)', 1, FileName, typeof(dynamic))", "extract() cannot convert to 'dynamic'"),
                row("substring(FileName, 'a')", "substring() start must be a whole number"),
                row("countof(FileName, 'a', 'fuzzy')", "countof() kind must be \"normal\" or \"regex\""),
                row("countof(FileName, 'a', FileName)", "countof() kind must be a constant"),
                row("trim(@'(\\w)\\1', FileName)", "trim() regular expression: backreference"),
                row("strrep('a', 1.5)", "strrep() times must be a whole number"),
                row("strcat_delim('-', FileName)", "strcat_delim() takes 3 to 65 arguments, got 2"));
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @MethodSource("errors")
    void badArgumentsAreNamedWithTheirPosition(String expr, Object message) {
        KqlException e = assertThrows(KqlException.class, () -> Scalar.eval(expr));
        assertTrue(e.getMessage().contains((String) message), e.getMessage());
        assertEquals(1, e.line());
    }

    @org.junit.jupiter.api.Test
    void aBacktrackingPatternIsAbandonedAsNullNotAStall() {
        long before = dev.hookline.kql.expr.RegexMatch.abandoned();
        String hostile = "strcat(strrep('a', 30), '!')";
        long t0 = System.nanoTime();
        assertEquals("", Scalar.eval("extract(@'(.*a){12}$', 1, " + hostile + ")"));
        assertEquals(null, Scalar.eval("extract(@'(.*a){12}$', 1, " + hostile + ", typeof(long))"));
        assertEquals("", Scalar.eval("replace_regex(" + hostile + ", @'(.*a){12}$', 'x')"));
        assertEquals(null, Scalar.eval("countof(" + hostile + ", @'(.*a){12}$', 'regex')"));
        assertEquals(null, Scalar.eval("extract_all(@'(.*a){12}$', " + hostile + ")"));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "took too long");
        assertEquals(before + 5, dev.hookline.kql.expr.RegexMatch.abandoned());
        // the same shape of pattern on text it matches quickly is fine
        assertEquals("baaa", Scalar.eval("extract(@'(.*a){2}$', 0, 'baaa')"));
    }

    @org.junit.jupiter.api.Test
    void newGuidDiffersPerRowAndIsNotFolded() {
        assertEquals(5, new java.util.HashSet<>(Scalar.evalRows("new_guid()", 5)).size());
    }
}
