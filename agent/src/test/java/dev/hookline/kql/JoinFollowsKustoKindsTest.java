package dev.hookline.kql;

import dev.hookline.kql.eval.Kql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** join kinds, keys and column naming as the Kusto join documentation describes them. */
class JoinFollowsKustoKindsTest {
    /** Left: host h1 twice (two users), h2 once, h3 unmatched. Right: h1 and h2 once each, h2 again, h4 unmatched. */
    private static final String DATA = "let L = datatable(Host:string, User:string) ['h1','ann', 'h1','bob', 'h2','cy',"
            + " 'h3','dee'];\n"
            + "let R = datatable(Host:string, Ip:string) ['h1','10.0.0.1', 'h2','10.0.0.2', 'h2','10.0.0.3',"
            + " 'h4','10.0.0.4'];\n";

    static Stream<Arguments> kinds() {
        return Stream.of(
                // default (innerunique): one left row per key (the first), every right match
                Arguments.of("", "Host,User,Host1,Ip",
                        List.of("h1|ann|h1|10.0.0.1", "h2|cy|h2|10.0.0.2", "h2|cy|h2|10.0.0.3")),
                Arguments.of("kind=innerunique", "Host,User,Host1,Ip",
                        List.of("h1|ann|h1|10.0.0.1", "h2|cy|h2|10.0.0.2", "h2|cy|h2|10.0.0.3")),
                Arguments.of("kind=inner", "Host,User,Host1,Ip",
                        List.of("h1|ann|h1|10.0.0.1", "h1|bob|h1|10.0.0.1", "h2|cy|h2|10.0.0.2", "h2|cy|h2|10.0.0.3")),
                Arguments.of("kind=leftouter", "Host,User,Host1,Ip",
                        List.of("h1|ann|h1|10.0.0.1", "h1|bob|h1|10.0.0.1", "h2|cy|h2|10.0.0.2", "h2|cy|h2|10.0.0.3",
                                "h3|dee||")),
                Arguments.of("kind=rightouter", "Host,User,Host1,Ip",
                        List.of("h1|ann|h1|10.0.0.1", "h1|bob|h1|10.0.0.1", "h2|cy|h2|10.0.0.2", "h2|cy|h2|10.0.0.3",
                                "||h4|10.0.0.4")),
                Arguments.of("kind=fullouter", "Host,User,Host1,Ip",
                        List.of("h1|ann|h1|10.0.0.1", "h1|bob|h1|10.0.0.1", "h2|cy|h2|10.0.0.2", "h2|cy|h2|10.0.0.3",
                                "h3|dee||", "||h4|10.0.0.4")),
                Arguments.of("kind=leftanti", "Host,User", List.of("h3|dee")),
                Arguments.of("kind=anti", "Host,User", List.of("h3|dee")),
                Arguments.of("kind=leftantisemi", "Host,User", List.of("h3|dee")),
                Arguments.of("kind=rightanti", "Host,Ip", List.of("h4|10.0.0.4")),
                Arguments.of("kind=rightantisemi", "Host,Ip", List.of("h4|10.0.0.4")),
                Arguments.of("kind=leftsemi", "Host,User", List.of("h1|ann", "h1|bob", "h2|cy")),
                Arguments.of("kind=rightsemi", "Host,Ip", List.of("h1|10.0.0.1", "h2|10.0.0.2", "h2|10.0.0.3")));
    }

    @ParameterizedTest(name = "join {0}")
    @MethodSource("kinds")
    void eachKindKeepsTheRowsAndColumnsKustoDocuments(String kind, String columns, List<String> rows) {
        String q = DATA + "L | join " + kind + " R on Host";
        assertEquals(columns, Rows.columns(q));
        assertEquals(rows, Rows.run(q));
    }

    @Test
    void keysMayBeNamedPerSideOrMixedAndSeveral() {
        String data = "let A = datatable(Dev:string, Port:long, Tag:string) ['d1',80,'x', 'd1',443,'y', 'd2',80,'z'];\n"
                + "let B = datatable(Machine:string, Port:long, Svc:string) ['d1',443,'https', 'd2',80,'http'];\n";
        List<String> want = List.of("d1|443|y|d1|443|https", "d2|80|z|d2|80|http");
        assertEquals(want, Rows.run(data + "A | join kind=inner B on $left.Dev == $right.Machine, Port"));
        assertEquals(want, Rows.run(data + "A | join kind=inner B on $right.Machine == $left.Dev and $left.Port == $right.Port"));
        assertEquals("Dev,Port,Tag,Machine,Port1,Svc",
                Rows.columns(data + "A | join kind=inner (B) on $left.Dev == $right.Machine, Port"));
    }

    @Test
    void hintsAreAcceptedAndChangeNothing() {
        String q = DATA + "L | join kind=inner hint.strategy=shuffle hint.remote=auto (R | where Ip != '') on Host | count";
        assertEquals(List.of("4"), Rows.run(q));
    }

    @Test
    void eventTablesGetSuffixedDuplicatesAndTheRightSideMayBeATable() {
        ResultTable r = Q.run("DeviceProcessEvents | project DeviceId, FileName"
                        + " | join kind=inner DeviceNetworkEvents on DeviceId | project DeviceId, DeviceId1, FileName, RemoteIP",
                Ev.proc(Ev.NOW).s("DeviceId", "d1").s("FileName", "curl").build(),
                Ev.net(Ev.NOW).s("DeviceId", "d1").s("RemoteIP", "1.2.3.4").build(),
                Ev.net(Ev.NOW).s("DeviceId", "d9").s("RemoteIP", "9.9.9.9").build());
        assertEquals(List.of("d1|d1|curl|1.2.3.4"), Rows.of(r));
    }

    @Test
    void nullNumericKeysMatchNothingButEmptyStringsMatch() {
        String q = "datatable(k:long, s:string) [long(null),'', 1,'a'] | join kind=inner"
                + " (datatable(k:long, s:string) [long(null),'', 1,'b']) on k";
        assertEquals(List.of("1|a|1|b"), Rows.run(q));
        String q2 = "datatable(s:string, v:long) ['',1] | join kind=inner (datatable(s:string, w:long) ['',2]) on s";
        assertEquals(List.of("|1||2"), Rows.run(q2));
    }

    @Test
    void theBuildSideOverTheRowBudgetStopsWithAClearError() {
        String q = "range x from 1 to 10 step 1 | join kind=inner (range x from 1 to 10 step 1) on x";
        assertEquals(10, Kql.compile(q, KqlOptions.DEFAULT.withRowBudget(10)).run(new MemorySource(List.of()), Ev.NOW)
                .rows().size());
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile(q, KqlOptions.DEFAULT.withRowBudget(9))
                .run(new MemorySource(List.of()), Ev.NOW));
        assertTrue(e.getMessage().contains("more than 9 rows"), e.getMessage());
    }

    @Test
    void badKeysAndKindsAreNamed() {
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile(DATA + "L | join R on Hots")).getMessage()
                .contains("'Hots' is not a column of the left side"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile(DATA + "L | join kind=outer R on Host"))
                .getMessage().contains("unknown join kind 'outer'"));
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile(DATA + "L | join R on $left.Host == $left.User"))
                .getMessage().contains("compares $left with $right"));
        assertTrue(assertThrows(KqlException.class,
                () -> Kql.compile("datatable(a:long)[1] | join (datatable(a:string)['1']) on a")).getMessage()
                .contains("join key types differ"));
    }

    @Test
    void lookupDefaultsToLeftouterAndShowsKeysOnce() {
        String q = DATA + "L | lookup R on Host";
        assertEquals("Host,User,Ip", Rows.columns(q));
        assertEquals(List.of("h1|ann|10.0.0.1", "h1|bob|10.0.0.1", "h2|cy|10.0.0.2", "h2|cy|10.0.0.3", "h3|dee|"),
                Rows.run(q));
        assertEquals(List.of("h1|ann|10.0.0.1", "h1|bob|10.0.0.1", "h2|cy|10.0.0.2", "h2|cy|10.0.0.3"),
                Rows.run(DATA + "L | lookup kind=inner (R) on $left.Host == $right.Host"));
        assertThrows(KqlException.class, () -> Kql.compile(DATA + "L | lookup kind=fullouter R on Host"));
    }

    @Test
    void streamingRefusesJoinByName() {
        KqlException e = assertThrows(KqlException.class, () -> Kql.compile(
                "DeviceProcessEvents | join kind=leftsemi (DeviceNetworkEvents) on DeviceId").streaming());
        assertTrue(e.getMessage().contains("operator 'join' cannot run in streaming"), e.getMessage());
    }
}
