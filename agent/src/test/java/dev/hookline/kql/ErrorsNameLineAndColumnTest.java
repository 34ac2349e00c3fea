package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Table;
import org.junit.jupiter.api.Test;

class ErrorsNameLineAndColumnTest {
    private static KqlException fails(String q) {
        return assertThrows(KqlException.class, () -> Kql.compile(q));
    }

    @Test
    void missingParenthesisSaysWhatWasExpected() {
        KqlException e = fails("DeviceProcessEvents\n| where FileName in (\"a\", \"b\"\n| where true");
        assertEquals(3, e.line());
        assertEquals(1, e.column());
        assertTrue(e.getMessage().contains("expected ')' but found '|'"), e.getMessage());
        KqlException e2 = fails("DeviceProcessEvents | where (FileName == 'a' where");
        assertTrue(e2.getMessage().contains("expected ')' but found 'where'"), e2.getMessage());
        assertEquals(1, e2.line());
        assertEquals(46, e2.column());
    }

    @Test
    void unknownColumnAndDidYouMean() {
        KqlException e = fails("DeviceProcessEvents\n| where Foo == 1");
        assertEquals(2, e.line());
        assertEquals(9, e.column());
        assertTrue(e.getMessage().endsWith("unknown column 'Foo'"), e.getMessage());
        KqlException e2 = fails("DeviceProcessEvents | where filename has 'x'");
        assertTrue(e2.getMessage().contains("unknown column 'filename'; did you mean 'FileName'?"), e2.getMessage());
    }

    @Test
    void unknownFunctionOperatorAndTable() {
        assertTrue(fails("DeviceProcessEvents | where bar(FileName)").getMessage().contains("unknown function 'bar'"));
        assertTrue(fails("DeviceProcessEvents | frobnicate").getMessage().contains("operator 'frobnicate'"));
        assertTrue(fails("DeviceProcesEvents | take 1").getMessage().contains("unknown table or let name 'DeviceProcesEvents'"));
        assertTrue(fails("deviceprocessevents | take 1").getMessage().contains("did you mean 'DeviceProcessEvents'?"));
        assertTrue(fails("DeviceProcessEvents | where FileName hass 'x'").getMessage().contains("'hass'"));
        assertTrue(fails("DeviceProcessEvents | where count() > 1").getMessage().contains("only allowed in summarize"));
    }

    @Test
    void typeErrorsAreReported() {
        assertTrue(fails("DeviceNetworkEvents | where RemotePort == now()").getMessage().contains("cannot compare int with datetime"));
        assertTrue(fails("DeviceNetworkEvents | where RemoteIP").getMessage().contains("needs a bool"));
        assertTrue(fails("DeviceNetworkEvents | where Timestamp > ago(5)").getMessage().contains("ago() needs a timespan"));
    }

    @Test
    void lexicalErrors() {
        KqlException e = fails("DeviceProcessEvents | where FileName == \"abc");
        assertTrue(e.getMessage().contains("unterminated string"), e.getMessage());
        assertTrue(fails("DeviceProcessEvents | where FileName == 'a' # 1").getMessage().contains("unexpected character '#'"));
        assertTrue(fails("let x = 1;").getMessage().contains("no tabular expression"));
        assertTrue(fails("").getMessage().contains("no tabular expression"));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "DeviceProcessEvents | where " + "(".repeat(100_000) + "true" + ")".repeat(100_000);
        assertTrue(fails(deep).getMessage().contains("nested too deeply"));
        String notChain = "DeviceProcessEvents | where " + "not(".repeat(50_000) + "true" + ")".repeat(50_000);
        assertTrue(fails(notChain).getMessage().contains("nested too deeply"));
        String minus = "DeviceProcessEvents | where 1 == " + "-".repeat(100_000) + "1";
        assertTrue(fails(minus).getMessage().contains("nested too deeply"));
        String longOr = "DeviceProcessEvents | where " + "true or ".repeat(50_000) + "true";
        assertEquals(0, Kql.compile(longOr).run((t, c) -> { }, 0).rows().size());
        String sum = "DeviceProcessEvents | where 1 == 1" + " + 1".repeat(100_000);
        assertTrue(fails(sum).getMessage().contains("too long"));
    }

    @Test
    void letChainsCannotExplode() {
        StringBuilder q = new StringBuilder("let a0 = DeviceProcessEvents;\n");
        for (int i = 1; i <= 40; i++) {
            q.append("let a").append(i).append(" = a").append(i - 1).append(" | union a").append(i - 1).append(";\n");
        }
        q.append("a40");
        assertTrue(fails(q.toString()).getMessage().contains("table reads"));
        StringBuilder deep = new StringBuilder("let a0 = DeviceProcessEvents;\n");
        for (int i = 1; i <= 5000; i++) {
            deep.append("let a").append(i).append(" = a").append(i - 1).append(" | where true;\n");
        }
        deep.append("a5000");
        assertTrue(fails(deep.toString()).getMessage().contains("nested too deeply"));
    }

    @Test
    void predicateErrorsToo() {
        assertThrows(KqlException.class, () -> Kql.compilePredicate("FileName ==", Table.DeviceProcessEvents));
        assertThrows(KqlException.class, () -> Kql.compilePredicate("FileName == 'a' | take 1", Table.DeviceProcessEvents));
        assertThrows(KqlException.class, () -> Kql.compilePredicate("RemotePort", Table.DeviceNetworkEvents));
    }
}
