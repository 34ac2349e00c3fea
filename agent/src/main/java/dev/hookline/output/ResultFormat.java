package dev.hookline.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.io.ValueJson;
import dev.hookline.kql.ResultTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Prints a query result as an aligned text table or as JSON lines. */
public final class ResultFormat {
    /** Cells wider than this are cut with "…" in the table view (JSON output is never cut). */
    private static final int MAX_CELL = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public enum Kind { table, json }

    private ResultFormat() {
    }

    public static void print(ResultTable t, Kind kind, PrintWriter out) {
        if (kind == Kind.json) {
            for (Object[] row : t.rows()) {
                out.println(rowJson(t, row));
            }
        } else {
            table(t, out);
        }
    }

    public static String rowJson(ResultTable t, Object[] row) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
            g.writeStartObject();
            for (int i = 0; i < t.columnNames().size(); i++) {
                g.writeFieldName(t.columnNames().get(i));
                ValueJson.write(g, row[i]);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void table(ResultTable t, PrintWriter out) {
        int n = t.columnNames().size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = t.columnNames().get(i).length();
        }
        String[][] cells = new String[t.rows().size()][n];
        for (int r = 0; r < cells.length; r++) {
            for (int i = 0; i < n; i++) {
                String s = ValueJson.text(t.rows().get(r)[i]).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
                if (s.length() > MAX_CELL) {
                    s = s.substring(0, MAX_CELL - 1) + "…";
                }
                cells[r][i] = s;
                width[i] = Math.max(width[i], s.length());
            }
        }
        line(out, t.columnNames().toArray(new String[0]), width);
        StringBuilder sep = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sep.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(sep);
        for (String[] row : cells) {
            line(out, row, width);
        }
        out.println("(" + cells.length + (cells.length == 1 ? " row)" : " rows)"));
    }

    private static void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(width[i] - cells[i].length()));
            }
        }
        out.println(sb);
    }
}
