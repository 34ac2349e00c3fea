package dev.hookline.cli;

import dev.hookline.record.RecordException;
import dev.hookline.record.Recording;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Capture a collector's raw input into a file: audit records (with their netlink type), "
                + "eslogger JSON lines or ETW EVENT_RECORDs (header and UserData), as the collector reads them, before "
                + "any decoding. `hookline replay FILE` turns it back into the collector's rows, anywhere.",
                "Starts an agent of its own with the config's collector settings (root, like `hookline run`); run it "
                        + "while the host does what you want captured. docs/recording.md says how a recording from a"
                        + " real host becomes a regression test."})
final class RecordCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The recording to write.")
    Path out;

    @Option(names = "--collector", paramLabel = "NAME",
            description = "The collector to record (default: this OS's: linux-audit, windows-etw or macos-es).")
    String collector;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "60",
            description = "How long to record (default: ${DEFAULT-VALUE}); Ctrl-C ends it sooner, keeping the file.")
    long seconds;

    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Override
    public Integer call() throws InterruptedException {
        if (seconds < 1) {
            throw new UserException("--seconds must be at least 1");
        }
        String name = collector != null ? collector : Recording.defaultCollector();
        Recording recording = new Recording();
        Thread hook = new Thread(recording::stop, "hookline-record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Recording.Result r = recording.run(configOption.load().config(), name, out, Duration.ofSeconds(seconds),
                    System.err);
            System.err.println("hookline record: " + r.records() + " records of " + r.collector() + " in " + r.file());
            return 0;
        } catch (RecordException e) {
            throw new UserException("record: " + e.getMessage(), Main.EXIT_FAILURE);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook has run
            }
        }
    }
}
