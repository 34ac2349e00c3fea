package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.KqlException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected values follow the examples of Kusto's documentation for each function where it gives some. */
class DynamicFunctionsFollowKustoTest {
    private static final String ARR = "dynamic([\"this\", \"is\", \"an\", \"example\", \"an\", \"example\"])";

    private static Map<String, Object> bag(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // parse_json / todynamic and tostring of dynamic
                row("parse_json('{\"a\":1,\"b\":[1,2]}')", bag("a", 1L, "b", List.of(1L, 2L))),
                row("parse_json('{\"a\":1,\"b\":[1,2]}').b[1]", 2L),
                row("parse_json('not json')", "not json"),
                row("parse_json('')", null),
                row("todynamic(5)", 5L),
                row("todynamic(FileName)", "Cmd.exe"),
                row("tostring(parse_json('[1,\"a\"]'))", "[1,\"a\"]"),
                row("tostring(parse_json('\"abc\"'))", "abc"),
                row("tostring(dynamic({\"k\": 2.5}))", "{\"k\":2.5}"),
                row("parse_json('{\"a\":{\"b\":\"x\"}}').a.b", "x"),
                row("parse_json('{\"a\":1}')[\"a\"]", 1L),
                row("parse_json('{\"a\":1}').missing", null),
                row("dynamic([1, 2, 3])[-1]", 3L),
                row("dynamic({\"a\": [1, {\"b\": -2.5}], c: null}).a[1].b", -2.5),
                row("dynamic({\"a\": 1, c: null})", bag("a", 1L, "c", null)),
                row("dynamic([1, 2, 3])[ProcessId - 41]", 2L),
                row("dynamic([1, 2, 3])[5]", null),
                // AdditionalFields reads as dynamic
                row("AdditionalFields.Count", 3L),
                row("AdditionalFields.Names[0]", "Cmd.exe"),
                row("AdditionalFields[\"Inner\"].On", true),
                row("array_length(AdditionalFields.Names)", 2L),
                row("tolong(AdditionalFields.Count) + 1", 4L),
                row("AdditionalFields.Count * 2", 6.0),
                // arrays
                row("array_length(dynamic([1, 2, 3]))", 3L),
                row("array_length(parse_json('{\"a\":1}'))", null),
                row("array_slice(dynamic([1,2,3]), 1, 2)", List.of(2L, 3L)),
                row("array_slice(dynamic([1,2,3,4,5]), 2, -1)", List.of(3L, 4L, 5L)),
                row("array_slice(dynamic([1,2,3,4,5]), -3, -2)", List.of(3L, 4L)),
                row("array_slice(dynamic([1,2,3]), 5, 9)", List.of()),
                row("array_concat(dynamic([1,2]), dynamic([3]), dynamic([]))", List.of(1L, 2L, 3L)),
                row("array_concat(dynamic([1,2]), parse_json('{\"a\":1}'))", null),
                row("array_index_of(" + ARR + ", 'an')", 2L),
                row("array_index_of(" + ARR + ", 'example', 1, 3)", 3L),
                row("array_index_of(" + ARR + ", 'example', 1, 2)", -1L),
                row("array_index_of(" + ARR + ", 'is', 2, 4)", -1L),
                row("array_index_of(" + ARR + ", 'example', 2, -1)", 3L),
                row("array_index_of(" + ARR + ", 'an', 1, -1, 2)", 4L),
                row("array_index_of(" + ARR + ", 'an', 1, -1, 3)", -1L),
                row("array_index_of(" + ARR + ", 'an', -3)", 4L),
                row("array_index_of(" + ARR + ", 'is', -4)", -1L),
                row("array_index_of(" + ARR + ", 'an', 0, -2)", null),
                // sets
                row("set_has_element(dynamic([\"a\", \"b\"]), \"b\")", true),
                row("set_has_element(AdditionalFields.Ids, 42)", true),
                row("set_has_element(dynamic([1, 2]), 3)", false),
                row("set_union(dynamic([1, 2, 3]), dynamic([1, 2, 4]), dynamic([5, 5]))", List.of(1L, 2L, 3L, 4L, 5L)),
                row("set_intersect(dynamic([1, 2, 3]), dynamic([2, 3, 4]), dynamic([3, 2]))", List.of(2L, 3L)),
                row("set_difference(dynamic([1, 2, 3, 3]), dynamic([1]), dynamic([2]))", List.of(3L)),
                // bags
                row("bag_pack('a', 1, 'b', FileName)", bag("a", 1L, "b", "Cmd.exe")),
                row("pack('when', 1h)", bag("when", "01:00:00")),
                row("pack_array(1, 'a', true, ProcessId)", List.of(1L, "a", true, 42L)),
                // range(start, stop, step): stop included; a step away from stop gives null
                row("range(1, 5, 2)", List.of(1L, 3L, 5L)),
                row("range(1, 3)", List.of(1L, 2L, 3L)),
                row("range(5, 1, -2)", List.of(5L, 3L, 1L)),
                row("range(0, 1, 0.5)", List.of(0.0, 0.5, 1.0)),
                row("range(1, 5, -1)", null),
                row("array_length(range(0, ProcessId - 1, 1))", 42L),
                row("bag_keys(dynamic({\"a\": 1, \"b\": {\"c\": 2}}))", List.of("a", "b")),
                row("bag_keys(dynamic([1]))", null),
                row("bag_merge(dynamic({'A1':12, 'B1':2, 'C1':3}), dynamic({'A2':81, 'B2':82, 'A1':1}))",
                        bag("A1", 12L, "B1", 2L, "C1", 3L, "A2", 81L, "B2", 82L)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }

    @Test
    void dynamicIsComparedAsTheKindItIsUsedWith() {
        assertTrue(Scalar.test("AdditionalFields.Count > 2"));
        assertTrue(Scalar.test("AdditionalFields.Count == 3"));
        assertTrue(Scalar.test("AdditionalFields.Inner.On == true"));
        assertTrue(Scalar.test("AdditionalFields.Names[1] == \"sh\""));
        assertTrue(Scalar.test("AdditionalFields.Names has \"sh\""));
        assertTrue(Scalar.test("tolong(AdditionalFields.Count) > 2"));
        assertFalse(Scalar.test("AdditionalFields.Missing > 2"));
        assertTrue(Scalar.test("AdditionalFields.Inner.On"));
        assertFalse(Scalar.test("not(AdditionalFields.Inner.On)"));
        assertFalse(Scalar.test("AdditionalFields.Missing"));
        assertTrue(Scalar.test("AdditionalFields.Count between (2 .. 4)"));
        assertTrue(Scalar.test("parse_json('{\"s\":\"hello world\"}').s has \"world\""));
    }

    @Test
    void accessOnAValueThatIsNotDynamicIsACompileErrorAtTheDot() {
        KqlException e = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | project X = FileName.x"));
        assertTrue(e.getMessage().contains("'.x' needs a dynamic value but this is string; parse JSON text with"
                + " parse_json() first"), e.getMessage());
        assertEquals(43, e.column());
        KqlException index = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | project X = AdditionalFields[1h]"));
        assertTrue(index.getMessage().contains("an index needs a number or a string key, not timespan"),
                index.getMessage());
    }

    @Test
    void inAndHasAnyLookInsideADynamicArrayComputedPerRow() {
        assertTrue(Scalar.test("FileName in (AdditionalFields.Names)"));
        assertTrue(Scalar.test("FileName in~ (AdditionalFields.Names)"));
        assertFalse(Scalar.test("FileName !in (AdditionalFields.Names)"));
        assertTrue(Scalar.test("ProcessCommandLine has_any (AdditionalFields.Names)"));
        assertTrue(Scalar.test("ProcessId in (AdditionalFields.Ids)"));
        assertFalse(Scalar.test("ProcessId in (AdditionalFields.Names)"));
        assertTrue(Scalar.test("FileName in (parse_json('[\"x\", \"Cmd.exe\"]'))"));
    }
}
