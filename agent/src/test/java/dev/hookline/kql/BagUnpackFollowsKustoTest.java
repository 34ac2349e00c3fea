package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * evaluate bag_unpack as Kusto's bag-unpack-plugin documentation describes it: the input's other columns, then one
 * column per property in ordinal order of name (the docs' example gives Age before Name), typed by its values (all
 * alike: that type; mixed: dynamic), null where a row's bag lacks it (a string: empty, Kusto's strings are never
 * null); OutputColumnPrefix, columnsConflict,
 * ignoredProperties and the declared output schema. Our own data: a few parcels with a bag of properties each.
 */
class BagUnpackFollowsKustoTest {
    private static final String PARCELS = "datatable(Tag:string, Props:dynamic) ["
            + "'p1', dynamic({'weight': 12, 'city': 'Lyon', 'fragile': true}),"
            + "'p2', dynamic({'city': 'Oslo', 'weight': 3.5, 'dims': [1, 2]}),"
            + "'p3', dynamic(['not', 'a', 'bag']),"
            + "'p4', dynamic({'note': null, 'city': 'Kyiv'})]\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                // properties sorted by name after Tag; weight is long in p1, real in p2: dynamic; note is only null
                Arguments.of("| evaluate bag_unpack(Props)",
                        "Tag:string,city:string,dims:dynamic,fragile:bool,weight:dynamic",
                        List.of("p1|Lyon|~|true|12", "p2|Oslo|[1,2]|~|3.5", "p3||~|~|~", "p4|Kyiv|~|~|~")),
                Arguments.of("| evaluate bag_unpack(Props, 'prop_')",
                        "Tag:string,prop_city:string,prop_dims:dynamic,prop_fragile:bool,prop_weight:dynamic",
                        List.of("p1|Lyon|~|true|12", "p2|Oslo|[1,2]|~|3.5", "p3||~|~|~", "p4|Kyiv|~|~|~")),
                Arguments.of("| where Tag == 'p1' | evaluate bag_unpack(Props)",
                        "Tag:string,city:string,fragile:bool,weight:long", List.of("p1|Lyon|true|12")),
                Arguments.of("| evaluate bag_unpack(Props, ignoredProperties=dynamic(['dims', 'weight']))",
                        "Tag:string,city:string,fragile:bool",
                        List.of("p1|Lyon|true", "p2|Oslo|~", "p3||~", "p4|Kyiv|~")),
                Arguments.of("| where Tag == 'p3' | evaluate bag_unpack(Props)", "Tag:string", List.of("p3")),
                // the declared schema: only its columns, or after the input's others with *; values converted
                Arguments.of("| evaluate bag_unpack(Props) : (city:string, weight:long)", "city:string,weight:long",
                        List.of("Lyon|12", "Oslo|3", "|~", "Kyiv|~")),
                Arguments.of("| evaluate bag_unpack(Props) : (*, weight:real, missing:string)",
                        "Tag:string,weight:real,missing:string",
                        List.of("p1|12.0|", "p2|3.5|", "p3|~|", "p4|~|")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unpacksEachPropertyIntoAColumn(String op, String schema, List<String> rows) {
        ResultTable r = Q.run(PARCELS + op);
        StringBuilder cols = new StringBuilder();
        for (int i = 0; i < r.columnNames().size(); i++) {
            cols.append(i == 0 ? "" : ",").append(r.columnNames().get(i)).append(':').append(r.columnTypes().get(i));
        }
        assertEquals(schema, cols.toString());
        assertEquals(rows, Rows.of(r));
    }

    /** The docs' columnsConflict examples: a property named like an input column. */
    static Stream<Arguments> conflicts() {
        String data = "datatable(city:string, Props:dynamic) ['old', dynamic({'city': 'new', 'zip': 69001})]\n";
        return Stream.of(
                Arguments.of(data + "| evaluate bag_unpack(Props, columnsConflict='replace_source')", "city,zip",
                        List.of("new|69001")),
                Arguments.of(data + "| evaluate bag_unpack(Props, columnsConflict='keep_source')", "city,zip",
                        List.of("old|69001")),
                Arguments.of(data + "| evaluate bag_unpack(Props, 'x_')", "city,x_city,x_zip",
                        List.of("old|new|69001")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflicts")
    void aPropertyNamedLikeAColumnFollowsColumnsConflict(String q, String columns, List<String> rows) {
        assertEquals(columns, Rows.columns(q));
        assertEquals(rows, Rows.run(q));
    }

    @Test
    void aConflictWithoutColumnsConflictIsAnErrorAsInKusto() {
        KqlException e = assertThrows(KqlException.class, () -> Q.run("datatable(city:string, Props:dynamic)"
                + " ['old', dynamic({'city': 'new'})] | evaluate bag_unpack(Props)"));
        assertTrue(e.getMessage().contains("columnsConflict"), e.getMessage());
    }

    @Test
    void laterOperatorsSeeTheColumnsTheDataGave() {
        String q = PARCELS + "| evaluate bag_unpack(Props) | where fragile == true or weight > 3 | project Tag, city";
        assertEquals(List.of("p1|Lyon", "p2|Oslo"), Rows.run(q));
        assertEquals(List.of("city|0|System.String|string", "fragile|1|System.SByte|bool"), Rows.run(PARCELS
                + "| where Tag == 'p1' | evaluate bag_unpack(Props) | project-away Tag, weight | getschema"));
    }

    @Test
    void twoUnpacksInOneQueryEachTakeTheirInputsProperties() {
        String q = "let A = datatable(k:string, b:dynamic) ['x', dynamic({'port': 80})] | evaluate bag_unpack(b);\n"
                + "let B = datatable(k:string, b:dynamic) ['x', dynamic({'proto': 'tcp'})] | evaluate bag_unpack(b);\n"
                + "A | join kind=inner B on k";
        assertEquals("k,port,k1,proto", Rows.columns(q));
        assertEquals(List.of("x|80|x|tcp"), Rows.run(q));
    }

    @Test
    void aColumnTheDataDoesNotHaveIsAnErrorWithLineAndColumn() {
        KqlException e = assertThrows(KqlException.class, () -> Q.run(PARCELS
                + "| evaluate bag_unpack(Props)\n| project Tag, colour"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("bag_unpack"), e.getMessage());
        // declared, the column exists whatever the data
        assertEquals(List.of("p1|", "p2|", "p3|", "p4|"), Rows.run(PARCELS
                + "| evaluate bag_unpack(Props) : (*, colour:string) | project Tag, colour"));
    }

    @Test
    void badArgumentsAreErrorsWhenTheQueryCompiles() {
        for (String bad : List.of("| evaluate bag_unpack(Tag)", "| evaluate bag_unpack(Nope)",
                "| evaluate bag_unpack(Props, columnsConflict='merge')", "| evaluate bag_unpack(Props, bogus=1)",
                "| evaluate bag_unpack(Props, ignoredProperties='city')", "| evaluate bag_unpack()")) {
            KqlException e = assertThrows(KqlException.class, () -> Kql.compile(PARCELS + bad), bad);
            assertEquals(2, e.line(), bad + ": " + e.getMessage());
        }
        KqlException other = assertThrows(KqlException.class, () -> Kql.compile(PARCELS
                + "| evaluate pivot(Tag)"));
        assertTrue(other.getMessage().contains("only bag_unpack"), other.getMessage());
    }

    @Test
    void itIsAScheduledRuleNotAStreamedOne() {
        CompiledQuery q = Kql.compile("DeviceNetworkEvents | extend b = todynamic(AdditionalFields)"
                + " | evaluate bag_unpack(b) : (*, host:string) | where host has 'contoso'");
        assertThrows(NotStreamableException.class, q::streaming);
    }
}
