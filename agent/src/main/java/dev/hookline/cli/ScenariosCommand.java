package dev.hookline.cli;

import dev.hookline.scenario.Expectation;
import dev.hookline.scenario.ReportFormat;
import dev.hookline.scenario.Scenario;
import dev.hookline.scenario.ScenarioException;
import dev.hookline.scenario.ScenarioReport;
import dev.hookline.scenario.ScenarioRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "Reproduce attacks and benign controls for real on this host and check what the rules catch.",
        subcommands = {ScenariosCommand.ListScenarios.class, ScenariosCommand.RunScenarios.class})
final class ScenariosCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List this OS's scenarios and the rule arms each one expects to fire.")
    static final class ListScenarios implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Scenario> all = ScenarioRunner.scenarios();
            if (all.isEmpty()) {
                out.println("no scenarios for this OS (" + System.getProperty("os.name") + "): the suite exists for "
                        + "Linux only");
                return 0;
            }
            for (Scenario s : all) {
                out.println(s.name() + "  [" + s.kind().name().toLowerCase(Locale.ROOT) + "; " + s.origin() + "]");
                out.println("    " + s.description());
                if (s.expectations().isEmpty()) {
                    out.println("    expects: no alert from any rule");
                }
                for (Expectation e : s.expectations()) {
                    out.println("    expects " + (e.caught() ? "caught" : "missed by design") + ": " + e.cell()
                            + (e.pending() ? " (pending rule)" : "") + (e.note() != null ? " - " + e.note() : ""));
                }
                out.println("    needs: " + String.join(", ", s.programs()));
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Start the agent in-process with every built-in rule pack and the scenario tuning, "
                    + "reproduce each scenario for real (loopback only, local packages, temp dirs, all undone "
                    + "afterwards), then print the matrix scenario x rule arm: caught, missed or quiet, with the "
                    + "latency from the triggering event to the alert.",
                    "Needs root on Linux, like `hookline run`.",
                    "Exit code: 0 every expected detection caught and every benign control quiet; "
                            + ScenarioRunner.EXIT_FAILED + " a detection missed, a benign control alerted or a "
                            + "scenario failed to run; " + ScenarioRunner.EXIT_CANNOT_RUN + " the scenarios cannot "
                            + "run here (OS, root, agent)."})
    static final class RunScenarios implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--only", split = ",", paramLabel = "NAME",
                description = "Run only these scenarios (comma-separated names from `scenarios list`).")
        List<String> only = new ArrayList<>();

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--timeout", paramLabel = "S", defaultValue = "60",
                description = "Seconds each scenario's programs may run (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(names = "--settle-ms", paramLabel = "MS", defaultValue = "3000",
                description = "How long a scenario that expects no alert (benign controls, documented misses) "
                        + "waits after it ran; expected alerts are waited for until they come, at most 60 s "
                        + "(default: ${DEFAULT-VALUE}).")
        long settleMs;

        @Option(names = "--tuning", paramLabel = "FILE",
                description = "A tuning file instead of the built-in scenario tuning (see `hookline scenarios run "
                        + "--help` and the README).")
        Path tuning;

        @Option(names = "--rules", paramLabel = "FILE",
                description = "Rule files loaded besides the built-in packs, e.g. the Sentinel analytic rule"
                        + " 'Potential Build Process Compromise - MDE' that the build-process scenario expects"
                        + " (without it that cell says the rule is not loaded). Repeatable.")
        List<Path> rules = new ArrayList<>();

        @Override
        public Integer call() {
            if (!format.equals("table") && !format.equals("json")) {
                throw new UserException("--format must be table or json, got '" + format + "'");
            }
            if (timeoutSeconds < 1 || settleMs < 0) {
                throw new UserException("--timeout must be at least 1 and --settle-ms not negative");
            }
            ScenarioReport report;
            try {
                report = ScenarioRunner.run(new ScenarioRunner.Options(only, Duration.ofSeconds(timeoutSeconds),
                        Duration.ofMillis(settleMs), tuning, rules), System.err);
            } catch (ScenarioException e) {
                throw new UserException("scenarios: " + e.getMessage(), e.usage() ? Main.EXIT_USAGE
                        : ScenarioRunner.EXIT_CANNOT_RUN);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(format.equals("json") ? ReportFormat.json(report) : ReportFormat.table(report));
            out.flush();
            return report.failed() ? ScenarioRunner.EXIT_FAILED : 0;
        }
    }
}
