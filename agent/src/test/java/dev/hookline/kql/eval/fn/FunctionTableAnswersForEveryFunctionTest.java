package dev.hookline.kql.eval.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.parse.KType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FunctionTableAnswersForEveryFunctionTest {
    @Test
    void everyFunctionTheEngineHadIsInTheTableWithADoc() {
        Set<String> names = new HashSet<>();
        for (Functions.Entry e : Functions.catalog()) {
            names.add(e.name());
            names.addAll(e.aliases());
            assertFalse(e.doc().isBlank(), e.name());
            assertTrue(e.signature().startsWith(e.name() + "("), e.signature());
        }
        for (String n : List.of("ago", "now", "not", "isempty", "isnotempty", "isnull", "isnotnull", "tolower",
                "toupper", "tostring", "strcat", "strlen", "iff", "iif", "tolong", "toint", "todatetime", "toreal",
                "todouble", "bin", "floor", "hookline_has_ancestor", "hookline_has_ancestor_cmdline",
                "hookline_recently_written_by", "hookline_recently_written_below", "ipv4_is_in_range",
                "ipv6_is_in_range", "ipv4_is_private", "ipv4_is_match", "count", "countif", "dcount", "sum", "avg",
                "min", "max", "make_set", "make_list", "take_any", "any")) {
            assertTrue(names.contains(n), n);
        }
    }

    @Test
    void anUnknownFunctionIsNamedWithTheClosestKnownOne() {
        KqlException e = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents\n| where tolowr(FileName) == 'x'"));
        assertEquals(2, e.line());
        assertEquals(9, e.column());
        assertTrue(e.getMessage().contains("unknown function 'tolowr'; did you mean 'tolower'?"), e.getMessage());
        assertTrue(assertThrows(KqlException.class, () -> Kql.compile("DeviceProcessEvents | where ToLower(FileName) == 'x'"))
                .getMessage().contains("did you mean 'tolower'?"));
        assertEquals("strlen", Functions.suggest("strln"));
        assertNull(Functions.suggest("frobnicate_everything"));
    }

    @Test
    void aWrongArgumentCountOrTypeNamesTheFunctionAndWhere() {
        KqlException arity = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | where strlen(FileName, 2) > 1"));
        assertTrue(arity.getMessage().contains("strlen() takes 1 argument, got 2"), arity.getMessage());
        assertEquals(29, arity.column());
        KqlException type = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | where iff(FileName, 1, 2) > 1"));
        assertTrue(type.getMessage().contains("iff() needs a bool expression but this is string"), type.getMessage());
        assertEquals(33, type.column()); // at the argument
        KqlException agg = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | summarize dcont(FileName)"));
        assertTrue(agg.getMessage().contains("unknown aggregate function 'dcont'; did you mean 'dcount'?"),
                agg.getMessage());
    }

    @Test
    void aRefusedFunctionSaysWhyAtTheCall() {
        KqlException fir = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceNetworkEvents\n| extend G = series_fir(dynamic([1, 2]), dynamic([1]))"));
        assertEquals(2, fir.line());
        assertEquals(14, fir.column());
        assertTrue(fir.getMessage().contains("series_fir() is not supported: "), fir.getMessage());
        KqlException version = assertThrows(KqlException.class,
                () -> Kql.compile("DeviceProcessEvents | where parse_version(ProcessVersionInfoProductVersion) > 1"));
        assertTrue(version.getMessage().contains("parse_version() is not supported: its result is a decimal"),
                version.getMessage());
    }

    @Test
    void aNameRegisteredTwiceIsRejected() {
        FunctionTable t = new FunctionTable();
        t.add(FunctionDef.named("f").args(0).signature("f()").doc("d").returns(KType.LONG)
                .node((c, type) -> null));
        assertThrows(IllegalStateException.class, () -> t.add(FunctionDef.named("g").alias("f").args(0)
                .signature("g()").doc("d").returns(KType.LONG).node((c, type) -> null)));
    }

    @Test
    void theCatalogListsScalarsThenAggregatesThenTheRefused() {
        List<Functions.Entry> all = Functions.catalog();
        assertEquals("scalar", all.get(0).kind());
        assertEquals("unsupported", all.get(all.size() - 1).kind());
        List<String> kinds = all.stream().map(Functions.Entry::kind).distinct().toList();
        assertEquals(List.of("scalar", "aggregate", "unsupported"), kinds);
        assertTrue(Functions.catalogText().contains("Kusto functions Hookline does not support:\n"));
        assertTrue(Functions.catalogText().contains("\n  parse_version(version)  Not supported: its result is a"
                + " decimal"));
        assertNotNull(Functions.scalar("iif"));
        assertNotNull(Functions.aggregate("any"));
        assertNull(Functions.scalar("count"));
    }
}
