package dev.hookline.kql.eval;

import dev.hookline.kql.eval.fn.Functions;
import dev.hookline.kql.parse.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KQL Hookline runs, as Markdown, from the engine's own tables (the function table, summarize's several-column
 * aggregates, the parser's operator lists): docs/kql-functions.md is this text, and a test fails when the committed
 * file differs, so the list cannot drift from the code.
 */
public final class KqlReference {
    private KqlReference() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# KQL functions and operators Hookline runs\n\n")
                .append("Generated from the engine's tables (`Functions.catalog()`, `Parser.OPERATORS`); do not edit."
                        + " Regenerate with\n`mvn -B -o -pl agent test -Dtest=KqlReferenceIsGeneratedFromTheEngineTest"
                        + " -Dhookline.regenerate=true`.\nSemantics and the differences from Kusto:"
                        + " [kql.md](kql.md), [kql-engine.md](kql-engine.md), [kql-tabular.md](kql-tabular.md).\n\n");
        sb.append("## Tabular operators\n\n");
        sb.append(String.join(", ", Parser.OPERATORS.stream().map(o -> "`" + o + "`").toList())).append("\n\n");
        sb.append("Sources: a table, `union`, `datatable`, `print`, `range`, `externaldata`, `materialize()`,"
                + " a `let` name or function call, `(subquery)`.\n\n");
        List<Functions.Entry> all = Functions.catalog();
        section(sb, "Scalar functions", all, "scalar");
        sb.append("## Aggregate functions (summarize)\n\n");
        Map<String, String> lines = new TreeMap<>();
        for (Functions.Entry e : all) {
            if (e.kind().equals("aggregate")) {
                lines.put(e.name(), line(e));
            }
        }
        for (Map.Entry<String, String> e : Summarize.SPREAD.entrySet()) {
            String doc = e.getValue();
            int colon = doc.indexOf(": ");
            String item = "- `" + doc.substring(0, colon) + "`: " + doc.substring(colon + 2);
            lines.merge(e.getKey(), item, (a, b) -> a + "\n" + b);
        }
        lines.values().forEach(l -> sb.append(l).append('\n'));
        sb.append('\n');
        section(sb, "Kusto functions Hookline refuses (the error says why)", all, "unsupported");
        sb.append("## Kusto operators Hookline refuses\n\n");
        new TreeMap<>(Parser.UNSUPPORTED_OPERATORS).forEach((k, v) -> sb.append("- `").append(k).append("`: ")
                .append(v).append('\n'));
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<Functions.Entry> all, String kind) {
        sb.append("## ").append(title).append("\n\n");
        List<String> lines = new ArrayList<>();
        for (Functions.Entry e : all) {
            if (e.kind().equals(kind)) {
                lines.add(line(e));
            }
        }
        lines.forEach(l -> sb.append(l).append('\n'));
        sb.append('\n');
    }

    private static String line(Functions.Entry e) {
        String s = "- `" + e.signature() + "`: " + e.doc();
        if (!e.aliases().isEmpty()) {
            s += " (also: " + String.join(", ", e.aliases().stream().map(a -> "`" + a + "`").toList()) + ")";
        }
        return s;
    }
}
