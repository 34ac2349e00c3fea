package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.KqlException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DynamicTextFunctionsFollowKustoTest {
    private static Map<String, Object> bag(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> path(String scheme, String root, String dir, String dirName, String file,
            String ext, String ads) {
        return bag("Scheme", scheme, "RootPath", root, "DirectoryPath", dir, "DirectoryName", dirName, "Filename", file,
                "Extension", ext, "AlternateDataStreamName", ads);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // split (the documented examples)
                row("split('aa_bb', '_')", List.of("aa", "bb")),
                row("split('aaa_bbb_ccc', '_', 1)", List.of("bbb")),
                row("split('', '_')", List.of("")),
                row("split('a__b', '_')", List.of("a", "", "b")),
                row("split('aabbcc', 'bb')", List.of("aa", "cc")),
                row("split('a_b', '_', 5)", List.of()),
                row("split(ProcessCommandLine, ' ')[2]", "whoami"),
                row("array_length(split(ProcessCommandLine, ' '))", 3L),
                // extract_all
                row("extract_all(@'(\\d+)', 'a1b22')", List.of("1", "22")),
                row("extract_all(@'(\\w+)=(\\w+)', 'a=1 b=22')", List.of(List.of("a", "1"), List.of("b", "22"))),
                row("extract_all(@'(\\w+)=(\\w+)', dynamic([2]), 'a=1 b=22')", List.of("1", "22")),
                row("extract_all(@'(\\w+)=(\\w+)', dynamic([2, 1]), 'a=1')", List.of(List.of("1", "a"))),
                row("extract_all(@'\\d', 'a1b2')", List.of("1", "2")),
                row("extract_all(@'(\\d+)', 'none')", null),
                // parse_url (the documented example)
                row("parse_url('scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment')",
                        bag("Scheme", "scheme", "Host", "host", "Port", "1234", "Path", "/this/is/a/path",
                                "Username", "username", "Password", "password",
                                "Query Parameters", bag("k1", "v1", "k2", "v2"), "Fragment", "fragment")),
                row("parse_url('https://example.com/a%20b?q=x+y')['Query Parameters'].q", "x y"),
                row("parse_url('not a url')", bag()),
                // parse_path (the documented examples)
                row("parse_path(@'C:\\temp\\file.txt')", path("", "C:", "C:\\temp", "temp", "file.txt", "txt", "")),
                row("parse_path(@'temp\\file.txt')", path("", "", "temp", "temp", "file.txt", "txt", "")),
                row("parse_path('file://C:/temp/file.txt:some.exe')",
                        path("file", "C:", "C:/temp", "temp", "file.txt", "txt", "some.exe")),
                row("parse_path(@'\\\\shared\\users\\temp\\file.txt.gz')",
                        path("", "", "\\\\shared\\users\\temp", "temp", "file.txt.gz", "gz", "")),
                row("parse_path('/usr/lib/temp/file.txt')", path("", "", "/usr/lib/temp", "temp", "file.txt", "txt", "")),
                row("parse_path(FileName).Extension", "exe"),
                // parse_command_line: CommandLineToArgvW's rules
                row("parse_command_line('echo \"hello world!\" print$?', 'windows')",
                        List.of("echo", "hello world!", "print$?")),
                row("parse_command_line(ProcessCommandLine, 'Windows')", List.of("cmd.exe", "/c", "whoami")),
                row("parse_command_line(@'a\\\\\\\"b c\\d \"e\\\\\" f', 'windows')", List.of("a\\\"b", "c\\d", "e\\", "f")),
                row("parse_command_line('  ', 'windows')", List.of()),
                // parse_csv
                row("parse_csv('aaa,\"b,bb\",ccc')", List.of("aaa", "b,bb", "ccc")),
                row("parse_csv('a,\"b\"\"c\",d')", List.of("a", "b\"c", "d")),
                row("parse_csv('x,y\\nz')", List.of("x", "y")),
                // extract_json / extractjson
                row("extract_json('$.hosts[1].AvailableMB', '{\"hosts\":[{\"AvailableMB\":5},{\"AvailableMB\":7}]}',"
                        + " typeof(int))", 7),
                row("extractjson(\"$['name']\", '{\"name\":\"x\"}')", "x"),
                row("extract_json('$.a', '{\"a\":{\"b\":[1,2]}}')", "{\"b\":[1,2]}"),
                row("extract_json('$.missing', '{\"a\":1}')", ""),
                row("extract_json('$.a', 'not json', typeof(long))", null),
                row("extract_json('$.a[-1]', parse_json('{\"a\":[1,2,3]}'), typeof(long))", 3L),
                // arrays of text
                row("strcat_array(dynamic([1, 2, 3]), '->')", "1->2->3"),
                row("strcat_array(dynamic(['a', 'b']), FileName)", "aCmd.exeb"),
                row("strcat_array(parse_json('{}'), ',')", ""),
                row("array_sort_asc(dynamic([5, 1, 3]))", List.of(1L, 3L, 5L)),
                row("array_sort_asc(dynamic([5, null, 1]))", Arrays.asList(1L, 5L, null)),
                row("array_sort_asc(dynamic([5, null, 1]), false)", Arrays.asList(null, 1L, 5L)),
                row("array_sort_desc(dynamic(['b', 'c', 'a']))", List.of("c", "b", "a")),
                row("array_sort_desc(dynamic([2.5, 10, 1]))", List.of(10L, 2.5, 1L)),
                row("array_sort_asc(dynamic(5))", null),
                row("base64_decode_toarray('S3VzdG8=')", List.of(75L, 117L, 115L, 116L, 111L)),
                row("base64_decode_toarray('!!')", null),
                // make_string / unicode_codepoints_to_string
                row("make_string(75, 117)", "Ku"),
                row("make_string(dynamic([75, 117, 115, 116, 111]))", "Kusto"),
                row("unicode_codepoints_to_string(75, dynamic([117]), 8364)", "Ku\u20ac"),
                row("make_string(-1)", ""),
                // parse_xml
                row("parse_xml('<event><id>123</id><code color=\"red\">500</code><message>Failed</message></event>')",
                        bag("event", bag("id", "123", "code", bag("@color", "red", "#text", "500"), "message", "Failed"))),
                row("parse_xml('<a><b>1</b><b>2</b></a>')", bag("a", bag("b", List.of("1", "2")))),
                row("parse_xml('<a/>')", bag("a", null)),
                row("parse_xml('<a>')", null),
                row("parse_xml('<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>')", null),
                row("parse_xml('<e><id>7</id></e>').e.id", "7"),
                // has_any_index (the documented examples)
                row("has_any_index('this is an example', dynamic(['this', 'example']))", 0L),
                row("has_any_index('this is an example', dynamic(['not', 'example']))", 1L),
                row("has_any_index('this is an example', dynamic(['not', 'found']))", -1L),
                row("has_any_index('this is an example', dynamic([]))", -1L),
                row("has_any_index(ProcessCommandLine, dynamic(['WHOAMI']))", 0L),
                row("has_any_index(ProcessCommandLine, dynamic(['who']))", -1L),
                // dynamic values through the other libraries
                row("gettype(dynamic([1]))", "array"),
                row("gettype(parse_json('{\"a\":1}'))", "dictionary"),
                row("gettype(parse_json('{\"a\":1}').a)", "long"),
                row("coalesce(parse_json(''), dynamic([1]))", List.of(1L)),
                row("case(ProcessId > 1, dynamic([1]), dynamic([2]))", List.of(1L)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                row("split(FileName, '.', 'x')", "split() index must be a whole number"),
                row("extract_all(@'(\\d)', FileName, FileName)", "extract_all() groups must be a constant dynamic array"),
                row("extract_all(@'(\\d)', dynamic(['a']), FileName)", "extract_all() groups must be group numbers"),
                row("parse_command_line(FileName, 'bash')", "parse_command_line() parser must be \"windows\""),
                row("extract_json('name', '{}')", "extract_json() JSON path must start with '$'"),
                row("extract_json('$..name', '{}')", "is not supported"),
                row("has_any_index(FileName, 'a')", "has_any_index() needs a dynamic array of values"),
                row("array_sort_asc(dynamic([1]), 1)", "array_sort_asc() needs a bool expression"));
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @MethodSource("errors")
    void badArgumentsAreNamed(String expr, Object message) {
        KqlException e = assertThrows(KqlException.class, () -> Scalar.eval(expr));
        assertTrue(e.getMessage().contains((String) message), e.getMessage());
    }
}
