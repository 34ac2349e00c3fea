package dev.hookline.cli;

import dev.hookline.alert.AlertJson;
import dev.hookline.alert.ScheduledAlertJson;
import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.Detector;
import dev.hookline.rules.EventAncestry;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.schedule.EventList;
import dev.hookline.schedule.OfflineSchedule;
import dev.hookline.store.ReplayStore;
import dev.hookline.store.StoreReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Run the detection rules over an events file; alerts are printed as JSON lines on stdout."
                + " Scheduled rules run window by window over the file's time range, as the agent would have.")
final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "FILE",
            description = "MDE events as JSON lines (Log Analytics rows with \"Type\", or streaming-API records); - for stdin.")
    String events;

    @Mixin
    RuleOptions ruleOptions = new RuleOptions();

    @Mixin
    NowOption now = new NowOption();

    @Option(names = "--row-budget", paramLabel = "ROWS", defaultValue = "2000000",
            description = "Rows a scheduled rule's join, summarize or sort may hold before its run fails"
                    + " (default: ${DEFAULT-VALUE}, the agent's rules.scheduled.row_budget).")
    long rowBudget;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "Where the events are spooled for the scheduled rules (a temporary store, deleted after;"
                    + " default: the JVM's temporary directory). About 50 bytes an event.")
    Path spoolDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (rowBudget < 1) {
            throw new UserException("--row-budget must be at least 1, got " + rowBudget);
        }
        Detector detector;
        List<Rule> rules = ruleOptions.load();
        // hookline_has_ancestor*() and hookline_recently_written_*() offline: the processes and file writes the file
        // itself describes, learned as events go by (so a write must come before the exec it explains)
        EventAncestry ancestry = new EventAncestry();
        try {
            detector = new Detector(rules, ruleOptions.tuning(), a -> out.println(AlertJson.toJson(a)),
                    ancestry);
        } catch (RuleException e) {
            throw new UserException(e.getMessage());
        }
        for (String w : detector.warnings()) {
            err.println("hookline: warning: " + w);
        }
        for (ScheduledRule r : detector.scheduled()) {
            err.println("hookline: " + r.rule().source() + ": " + r.describe());
        }
        for (Rule r : rules) {
            for (String n : r.notices()) {
                err.println("hookline: notice: " + r.source() + ": " + n);
            }
        }
        long nowNanos = now.nanos();
        KqlOptions options = KqlOptions.DEFAULT.withRowBudget(rowBudget);
        // scheduled rules need the file's events again, window by window: spooled into a temporary event store
        // (the heap holds a few MiB whatever the file's size), or held in memory if that store cannot open
        ReplayStore spool = null;
        EventList held = null;
        if (!detector.scheduled().isEmpty()) {
            try {
                spool = ReplayStore.open(spoolDir);
            } catch (IOException | RuntimeException e) {
                err.println("hookline: warning: cannot spool the events for the scheduled rules (" + e.getMessage()
                        + "); holding them in memory");
                held = new EventList();
            }
        }
        OfflineSchedule.Totals scheduled;
        try {
            ReplayStore s = spool;
            EventList h = held;
            EventFiles.read(events, e -> {
                ancestry.observe(e);
                detector.accept(e, nowNanos);
                if (s != null) {
                    s.add(e);
                } else if (h != null) {
                    h.add(e);
                }
            }, err);
            if (spool != null) {
                spool.finish();
                StoreReader reader = spool.reader();
                scheduled = !spool.hasTimes() ? new OfflineSchedule.Totals(0, 0, 0)
                        : OfflineSchedule.replay(detector.scheduled(), reader::range, spool.first(), spool.last(),
                                r -> options, a -> out.println(ScheduledAlertJson.toJson(a)),
                                f -> err.println("hookline: scheduled rule " + f));
            } else if (held != null) {
                scheduled = OfflineSchedule.replay(detector.scheduled(), held, options,
                        a -> out.println(ScheduledAlertJson.toJson(a)),
                        f -> err.println("hookline: scheduled rule " + f));
            } else {
                scheduled = new OfflineSchedule.Totals(0, 0, 0);
            }
        } finally {
            if (spool != null) {
                spool.close();
            }
        }
        boolean anyScheduled = !detector.scheduled().isEmpty();
        out.flush();
        err.println("hookline: " + detector.events() + " events, " + detector.alerts() + " alerts"
                + (detector.suppressed() > 0 ? ", " + detector.suppressed() + " suppressed by exclusions" : "")
                + (!anyScheduled ? "" : "; scheduled rules: " + scheduled.runs() + " runs, " + scheduled.alerts()
                        + " alerts" + (scheduled.failures() > 0 ? ", " + scheduled.failures() + " failed runs" : "")));
        return scheduled.failures() > 0 ? 1 : 0;
    }
}
