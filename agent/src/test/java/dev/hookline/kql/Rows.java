package dev.hookline.kql;

import dev.hookline.kql.expr.Dynamic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders results compactly for table-driven assertions: each row as "v1|v2|...", null as "~", arrays and bags as JSON. */
final class Rows {
    private Rows() {
    }

    static List<String> of(ResultTable r) {
        List<String> out = new ArrayList<>();
        for (Object[] row : r.rows()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append('|');
                }
                sb.append(row[i] == null ? "~" : row[i] instanceof List || row[i] instanceof Map ? Dynamic.json(row[i]) : row[i].toString());
            }
            out.add(sb.toString());
        }
        return out;
    }

    static List<String> run(String query) {
        return of(Q.run(query));
    }

    static String columns(String query) {
        return String.join(",", Q.run(query).columnNames());
    }
}
