package dev.hookline.watch;

import dev.hookline.schema.Times;
import java.util.List;
import java.util.function.Function;

/** Renders a {@link WatchReport} as plain text (the terminal) or GitHub-flavoured Markdown (a step summary). */
public final class SummaryFormat {
    private static final int MAX_CELL = 160;

    private SummaryFormat() {
    }

    public static String text(WatchReport r, String failOn) {
        StringBuilder b = new StringBuilder();
        b.append("hookline watch: ").append(String.join(" ", r.command())).append('\n');
        b.append("  exit code ").append(r.exitCode()).append(", ").append(seconds(r)).append(" s, ")
                .append(r.processes()).append(" process(es) in the tree\n");
        section(b, "package install steps", r.packages(), PackageActivity::line);
        section(b, "processes started by package managers and installers", r.installerSpawns(),
                s -> s.parent() + "[" + s.parentPid() + "] -> " + s.fileName() + "[" + s.pid() + "]: " + cut(s.commandLine()));
        section(b, "outbound connections", r.endpoints(),
                e -> e.process() + "[" + e.pid() + "] -> " + e.target() + " " + e.action()
                        + (e.ipType() == null || e.ipType().isEmpty() ? "" : " (" + e.ipType() + ")"));
        section(b, "files written under sensitive paths", r.sensitiveWrites(),
                w -> w.category() + ": " + w.path() + " (" + w.action() + " by " + w.process() + "[" + w.pid() + "])");
        b.append("  files written in the working directory: ").append(r.workdirWriteCount()).append('\n');
        for (WatchReport.FileWrite w : r.workdirWrites().subList(0, Math.min(10, r.workdirWrites().size()))) {
            b.append("    ").append(w.path()).append(" (").append(w.action()).append(" by ").append(w.process())
                    .append(")\n");
        }
        section(b, "alerts", r.alerts(), a -> a.severity() + " " + a.ruleId() + " / " + a.arm() + ": " + a.process()
                + (a.detail().isEmpty() ? "" : " " + cut(a.detail())) + (a.install() == null ? "" : " [" + a.installLabel() + "]"));
        section(b, "new behaviour against the baseline", r.newBehaviour(), n -> n);
        if (r.otherHostAlerts() > 0) {
            b.append("  (").append(r.otherHostAlerts())
                    .append(" alert(s) elsewhere on the host meanwhile, not counted)\n");
        }
        for (String n : r.notes()) {
            b.append("  note: ").append(n).append('\n');
        }
        b.append("  verdict: ").append(verdict(r, failOn)).append('\n');
        return b.toString();
    }

    public static String markdown(WatchReport r, String failOn) {
        StringBuilder b = new StringBuilder();
        b.append("### Hookline watch: `").append(code(String.join(" ", r.command()))).append("`\n\n");
        b.append("Exit code ").append(r.exitCode()).append(", ").append(seconds(r)).append(" s, ")
                .append(r.processes()).append(" process(es) in the tree. **").append(verdict(r, failOn))
                .append("**\n\n");
        table(b, "Alerts", List.of("Severity", "Rule", "Arm", "Package", "Process", "Detail"), r.alerts(),
                a -> List.of(a.severity(), a.ruleId(), a.arm(), a.install() == null ? "" : a.installLabel(), a.process(),
                        a.detail()));
        table(b, "New behaviour against the baseline", List.of("Finding"), r.newBehaviour(), n -> List.of(n));
        table(b, "Package install steps", List.of("Package", "Spawned", "Connected to", "Wrote"), r.packages(),
                p -> List.of(p.label(), String.join(" → ", p.spawned()), String.join(", ", p.connected()),
                        String.join(", ", p.wrote())));
        table(b, "Processes started by package managers and installers",
                List.of("Parent", "Process", "Command line"), r.installerSpawns(),
                s -> List.of(s.parent() + " [" + s.parentPid() + "]", s.fileName() + " [" + s.pid() + "]",
                        s.commandLine()));
        table(b, "Outbound connections", List.of("Process", "Endpoint", "Action", "IP type"), r.endpoints(),
                e -> List.of(e.process() + " [" + e.pid() + "]", e.target(), e.action(),
                        e.ipType() == null ? "" : e.ipType()));
        table(b, "Files written under sensitive paths", List.of("Kind", "Path", "Action", "Process"),
                r.sensitiveWrites(), w -> List.of(w.category(), w.path(), w.action(), w.process()));
        b.append("Files written in the working directory: ").append(r.workdirWriteCount()).append("\n\n");
        if (r.otherHostAlerts() > 0) {
            b.append(r.otherHostAlerts()).append(" alert(s) elsewhere on the host meanwhile (not counted).\n\n");
        }
        for (String n : r.notes()) {
            b.append("> ").append(n).append("\n\n");
        }
        return b.toString();
    }

    static String verdict(WatchReport r, String failOn) {
        WatchReport.AlertLine worst = r.failingAlert(failOn);
        if (worst != null) {
            return "FAIL: " + worst.severity() + " alert " + worst.ruleId() + " / " + worst.arm()
                    + " (--fail-on " + failOn + ")";
        }
        if (!r.newBehaviour().isEmpty()) {
            return "FAIL: " + r.newBehaviour().size() + " new package behaviour(s) against the baseline";
        }
        return r.alerts().isEmpty() ? "no alerts" : r.alerts().size() + " alert(s)"
                + (failOn == null ? "" : ", none at or above " + failOn);
    }

    private static <T> void section(StringBuilder b, String title, List<T> rows, Function<T, String> line) {
        b.append("  ").append(title).append(": ").append(rows.isEmpty() ? "none" : rows.size()).append('\n');
        for (T t : rows) {
            b.append("    ").append(line.apply(t)).append('\n');
        }
    }

    private static <T> void table(StringBuilder b, String title, List<String> head, List<T> rows,
                                  Function<T, List<String>> cells) {
        b.append("#### ").append(title).append(" (").append(rows.size()).append(")\n\n");
        if (rows.isEmpty()) {
            b.append("None.\n\n");
            return;
        }
        b.append('|');
        head.forEach(h -> b.append(' ').append(h).append(" |"));
        b.append("\n|");
        head.forEach(h -> b.append(" --- |"));
        b.append('\n');
        for (T t : rows) {
            b.append('|');
            for (String c : cells.apply(t)) {
                b.append(' ').append(cell(c)).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    /** A table cell: no line breaks, pipes escaped, long values cut. */
    static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return "`" + code(cut(s)).replace("|", "\\|") + "`";
    }

    private static String code(String s) {
        return s.replace('`', '\'').replace('\n', ' ').replace('\r', ' ');
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
    }

    private static String seconds(WatchReport r) {
        return String.format(java.util.Locale.ROOT, "%.1f", (r.endNanos() - r.startNanos()) / 1e9);
    }

    static String time(long nanos) {
        return Times.format(nanos);
    }
}
