package dev.hookline.selftest;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The self-test's printed result: a table expected → seen with latency, then each miss with its nearest rows. */
final class SelftestReport {
    private SelftestReport() {
    }

    static void print(PrintStream out, List<String> header, List<Outcome> outcomes, long timeoutMs,
                      List<String> hints) {
        header.forEach(out::println);
        out.println();
        int w = "expected".length();
        for (Outcome o : outcomes) {
            w = Math.max(w, o.expected().label().length());
        }
        out.println(pad("expected", w) + "  seen  latency_ms");
        for (Outcome o : outcomes) {
            out.println(pad(o.expected().label(), w) + "  " + (o.seen() ? "yes " : "NO  ") + "  "
                    + (o.seen() ? Long.toString(o.latencyMs()) : "-"));
        }
        long seen = outcomes.stream().filter(Outcome::seen).count();
        out.println();
        out.println(seen + " of " + outcomes.size() + " expected rows seen within " + timeoutMs
                + " ms of the last action (latency: from the action until the row could be queried, to "
                + RowCheck.POLL_MS + " ms).");
        for (Outcome o : outcomes) {
            if (o.seen()) {
                continue;
            }
            out.println();
            out.println("MISSING " + o.expected().label() + " (InitiatingProcessId " + o.expected().initiatorPid()
                    + ")");
            if (o.nearest().isEmpty()) {
                out.println("  no " + o.expected().table() + " row since the start came near it (same file, port or "
                        + "marker, or the same initiating process)");
            } else {
                out.println("  nearest rows seen instead:");
                o.nearest().forEach(r -> out.println("    " + describe(r)));
            }
        }
        if (seen < outcomes.size()) {
            hints.forEach(h -> out.println("hint: " + h));
        }
        out.flush();
    }

    /** A row as its non-empty columns, Timestamp first. */
    static String describe(Map<String, Object> row) {
        StringJoiner j = new StringJoiner(" ");
        row.forEach((k, v) -> {
            if (v != null && !v.toString().isEmpty()) {
                j.add(k + "=" + v);
            }
        });
        return j.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
