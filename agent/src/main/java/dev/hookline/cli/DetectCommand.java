package dev.hookline.cli;

import dev.hookline.alert.AlertJson;
import dev.hookline.alert.ScheduledAlertJson;
import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.Detector;
import dev.hookline.rules.Rule;
import dev.hookline.schedule.EventList;
import dev.hookline.schedule.OfflineSchedule;
import dev.hookline.rules.EventAncestry;
import dev.hookline.rules.Platform;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.ScheduledRule;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

    @Option(names = "--platform", paramLabel = "OS",
            description = "The OS the events come from (windows, linux, macos): Sigma rules for another OS"
                    + " (logsource.product) do not run. Default: each row tells by its paths (C:\\... is Windows).")
    String platform;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Detector detector;
        Platform os;
        try {
            os = Platform.of(platform);
        } catch (IllegalArgumentException e) {
            throw new UserException("--platform: " + e.getMessage());
        }
        List<Rule> rules = ruleOptions.load(err);
        // hookline_has_ancestor*() and hookline_recently_written_*() offline: the processes and file writes the file
        // itself describes, learned as events go by (so a write must come before the exec it explains)
        EventAncestry ancestry = new EventAncestry();
        try {
            detector = new Detector(rules, ruleOptions.tuning(), a -> out.println(AlertJson.toJson(a)),
                    ancestry, os);
        } catch (RuleException e) {
            throw new UserException(e.getMessage());
        }
        if (!detector.otherPlatform().isEmpty()) {
            err.println("hookline: " + detector.otherPlatform().size() + " rules are for another OS than --platform "
                    + os.key() + " and do not run");
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
        // scheduled rules need the file's events again, window by window: held in memory only when there are some
        EventList held = detector.scheduled().isEmpty() ? null : new EventList();
        EventFiles.read(events, e -> {
            ancestry.observe(e);
            detector.accept(e, nowNanos);
            if (held != null) {
                held.add(e);
            }
        }, err);
        OfflineSchedule.Totals scheduled = held == null ? new OfflineSchedule.Totals(0, 0, 0)
                : OfflineSchedule.replay(detector.scheduled(), held, KqlOptions.DEFAULT,
                        a -> out.println(ScheduledAlertJson.toJson(a)),
                        f -> err.println("hookline: scheduled rule " + f));
        out.flush();
        err.println("hookline: " + detector.events() + " events, " + detector.alerts() + " alerts"
                + (detector.suppressed() > 0 ? ", " + detector.suppressed() + " suppressed by exclusions" : "")
                + (held == null ? "" : "; scheduled rules: " + scheduled.runs() + " runs, " + scheduled.alerts()
                        + " alerts" + (scheduled.failures() > 0 ? ", " + scheduled.failures() + " failed runs" : "")));
        return scheduled.failures() > 0 ? 1 : 0;
    }
}
