package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kusto syntax that published hunting queries use and Microsoft's analyzer accepts, each case checked against the
 * Kusto documentation (or, for column names, the analyzer's answer), over our own small tables: a bracketed property
 * after a dot, the deprecated string operators, toscalar() of a scalar, scalar expressions over aggregates in
 * summarize, mv-apply subqueries reading the row's other columns, and the names join gives clashing columns.
 */
class SyntaxPublishedQueriesUseTest {
    private static final String SHIPS = "datatable(Name:string, Port:string, Crew:long, Cargo:dynamic) ["
            + "'Aurora', 'Brest', 12, dynamic({'@kind': 'grain', 'tons': 40}),"
            + "'Borealis', 'Cadiz', 7, dynamic({'@kind': 'salt', 'tons': 15}),"
            + "'Cirrus', 'Brest', 9, dynamic({'@kind': 'grain', 'tons': 22})]\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                // x.['k'] is x['k']: a bracketed property name after the dot (names that are no identifiers)
                Arguments.of(SHIPS + "| project Name, k = tostring(Cargo.['@kind'])", "Name,k",
                        List.of("Aurora|grain", "Borealis|salt", "Cirrus|grain")),
                Arguments.of("print x = dynamic({'a': {'b c': 5}}).a.['b c']", "x", List.of("5")),
                // deprecated spellings the analyzer still takes: notcontains is !contains, containscs contains_cs
                Arguments.of(SHIPS + "| where Port notcontains 'RES' | project Name", "Name", List.of("Borealis")),
                Arguments.of(SHIPS + "| where Port containscs 'res' | project Name", "Name",
                        List.of("Aurora", "Cirrus")),
                Arguments.of(SHIPS + "| where Port notcontainscs 'Res' | project Name", "Name",
                        List.of("Aurora", "Borealis", "Cirrus")),
                // toscalar() of a scalar expression is its value
                Arguments.of("let Ports = dynamic(['Brest', 'Cadiz', 'Hull']); print n = toscalar(array_length(Ports))",
                        "n", List.of("3")),
                Arguments.of("print s = toscalar(datatable(a:string) ['x', 'y'] | summarize make_set(a))", "s",
                        List.of("[\"x\",\"y\"]")),
                // summarize computes expressions over aggregates per group; unnamed ones named as Kusto names them
                Arguments.of(SHIPS + "| summarize tostring(make_set(Name)), count() * 10, avg = sum(Crew) / count()"
                        + " by Port", "Port,set_Name,Column1,avg",
                        List.of("Brest|[\"Aurora\",\"Cirrus\"]|20|10", "Cadiz|[\"Borealis\"]|10|7")),
                Arguments.of(SHIPS + "| summarize strcat(min(Name), '..', max(Name)), Crew = max(Crew) - min(Crew)",
                        "Column1,Crew", List.of("Aurora..Cirrus|5")),
                // mv-apply's subquery reads the row's other columns; they stay first in the output
                Arguments.of(SHIPS + "| where Name == 'Borealis' | mv-apply i = range(0, 2, 1) on"
                        + " (project Letter = substring(Name, toint(i), 1))", "Name,Port,Crew,Cargo,Letter",
                        List.of("Borealis|Cadiz|7|{\"@kind\":\"salt\",\"tons\":15}|B",
                                "Borealis|Cadiz|7|{\"@kind\":\"salt\",\"tons\":15}|o",
                                "Borealis|Cadiz|7|{\"@kind\":\"salt\",\"tons\":15}|r")),
                // a right column whose name is taken gets the first suffix neither side has (analyzer: k1, a3)
                Arguments.of("let L = datatable(k:string, a:long, a2:long) ['x', 1, 2];"
                        + " let R = datatable(k:string, a1:long, a:long) ['x', 3, 4]; L | join kind=inner R on k",
                        "k,a,a2,k1,a1,a3", List.of("x|1|2|x|3|4")),
                // so a self-join of a self-join names the outer right side's Timestamp Timestamp2 (Timestamp1 is its own)
                Arguments.of("let E = datatable(Host:string, Timestamp:long) ['h', 1];"
                        + " E | join kind=inner (E | join kind=inner E on Host) on Host | project-away Host*",
                        "Timestamp,Timestamp2,Timestamp1", List.of("1|1|1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runsAsKustoDoes(String query, String columns, List<String> rows) {
        assertEquals(columns, Rows.columns(query));
        assertEquals(rows, Rows.run(query));
    }
}
