package dev.hookline.cli;

import dev.hookline.watch.Severity;
import dev.hookline.watch.Watch;
import dev.hookline.watch.WatchException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Run a command under the agent and report what its process tree did: processes started by "
                + "package managers and installers, outbound connections, files written under sensitive paths and "
                + "in the working directory, and the alerts it raised. The summary goes to stderr; with "
                + "GITHUB_STEP_SUMMARY set it is also appended there as Markdown.",
                "Needs root on Linux, like `hookline run`.",
                "Exit code: the command's own; " + Watch.EXIT_ALERT + " when an alert at or above --fail-on fired "
                        + "in the command's tree or a package did something new against --baseline; "
                        + Watch.EXIT_NOT_WATCHED + " when the agent could not start (the "
                        + "command did not run); " + Watch.EXIT_NOT_STARTED + " when the command could not be started."},
        footer = {"", "Example: hookline watch --fail-on high -- npm ci"})
final class WatchCommand implements Callable<Integer> {
    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit " + Watch.EXIT_ALERT + " when the command's tree raised an alert of this severity or "
                    + "higher: informational, low, medium, high, critical (default: never).")
    String failOn;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path report;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Package baseline (YAML): recorded when FILE does not exist (what each package's install "
                    + "scripts ran, contacted and wrote); compared with otherwise, and new behaviour of a package "
                    + "exits " + Watch.EXIT_ALERT + ".")
    Path baseline;

    @Option(names = "--update-baseline",
            description = "With --baseline: merge this run's behaviour into the existing FILE instead of failing on it.")
    boolean updateBaseline;

    @Option(names = "--sarif", paramLabel = "FILE",
            description = "Also write the command's alerts as SARIF 2.1.0 to FILE (one result per alert, the package "
                    + "as location), for GitHub code scanning.")
    Path sarif;

    @Option(names = "--ring-mb", paramLabel = "MiB", defaultValue = "256",
            description = "Event ring size: the events the summary is made from (default: ${DEFAULT-VALUE}).")
    long ringMb;

    @Option(names = "--drain-ms", paramLabel = "MS", defaultValue = "1000",
            description = "How long to wait after the command ends for late events (default: ${DEFAULT-VALUE}).")
    long drainMs;

    @Option(names = "--sentinel-config", paramLabel = "FILE",
            description = "Also forward the alerts to Microsoft Sentinel as alerts.sentinel in this agent config file "
                    + "says (only that section is used; in GitHub Actions, github_oidc: true needs no secret; "
                    + "docs/sentinel.md). The watch waits up to close_drain_seconds (default 60) for them to be "
                    + "accepted.")
    Path sentinelConfig;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        String threshold;
        try {
            threshold = failOn == null ? null : Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new UserException("--fail-on: " + e.getMessage());
        }
        if (updateBaseline && baseline == null) {
            throw new UserException("--update-baseline needs --baseline FILE");
        }
        if (ringMb < 1 || drainMs < 0) {
            throw new UserException("--ring-mb must be at least 1 and --drain-ms not negative");
        }
        String summary = System.getenv("GITHUB_STEP_SUMMARY");
        var options = new Watch.Options(List.copyOf(command), threshold, report, Path.of("").toAbsolutePath(), ringMb,
                Duration.ofMillis(drainMs), summary == null || summary.isEmpty() ? null : Path.of(summary),
                sentinelConfig, baseline == null ? null : baseline.toAbsolutePath(), updateBaseline,
                sarif == null ? null : sarif.toAbsolutePath());
        try {
            return Watch.run(options, System.err, System.err).exitCode();
        } catch (WatchException e) {
            throw new UserException("watch: " + e.getMessage(), e.exitCode());
        }
    }
}
