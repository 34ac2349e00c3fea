package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.parse.Parser;
import dev.hookline.schema.Table;
import org.junit.jupiter.api.Test;

class NodeWalksFollowTheChildrenTest {
    private static Node compile(String expr) {
        return new ExprCompiler(Schema.ofTable(Table.DeviceProcessEvents), new CompileContext())
                .compile(Parser.parseExpression(expr));
    }

    @Test
    void anExpressionOfConstantsIsFoldedToOneConstant() {
        Node n = compile("strlen(strcat('ab', tostring(1 + 2))) * 2");
        assertTrue(n instanceof Nodes.Const, n.getClass().getName());
        assertEquals(6L, n.evalLong(null));
    }

    @Test
    void nowAndTheRowAreSeenThroughAnyDepth() {
        Node window = compile("iff(Timestamp > ago(1h), 1, 2)");
        assertTrue(window.dependsOnNow());
        assertTrue(window.dependsOnRow());
        assertFalse(window.isConstant());
        Node clock = compile("bin(now() - 1h, 1d)");
        assertTrue(clock.dependsOnNow());
        assertFalse(clock.dependsOnRow());
        assertFalse(clock.isConstant());
        Node column = compile("tolower(FileName)");
        assertTrue(column.dependsOnRow());
        assertFalse(column.dependsOnNow());
    }

    @Test
    void ancestryReadsTheRowThoughItsArgumentsAreConstants() {
        Node n = compile("hookline_has_ancestor(2, 'npm')");
        assertTrue(n.dependsOnRow());
        assertFalse(n.isConstant());
    }

    @Test
    void aNodeListsItsOperandsInOrder() {
        Node n = compile("strcat(FileName, '-', ProcessId)");
        assertEquals(3, n.children().size());
        assertEquals(Nodes.EventString.class, n.children().get(0).getClass());
        assertTrue(n.children().get(1).isConstant());
    }
}
