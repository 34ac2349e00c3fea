package dev.hookline.cli;

import dev.hookline.selftest.Selftest;
import dev.hookline.selftest.SelftestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Prove the sensor sees this host: start a child process with a marker command line, connect to"
                + " a loopback port, create, modify, rename and delete a file, then check that each expected row"
                + " arrived (DeviceProcessEvents with this process as initiator, DeviceNetworkEvents ConnectionSuccess,"
                + " DeviceFileEvents FileCreated, FileModified, FileRenamed, FileDeleted) and print expected -> seen"
                + " with the latency. Send its output with any report.",
                "Talks to the running agent (root, like `hookline status`), or with --in-process starts an agent of"
                        + " its own.",
                "Exit code: 0 every row seen; " + Selftest.EXIT_MISSING + " a row missing (the report names it and the"
                        + " nearest rows seen instead); " + Selftest.EXIT_CANNOT_RUN + " the self-test could not run."})
final class SelftestCommand implements Callable<Integer> {
    @Option(names = "--in-process",
            description = "Start the platform's collectors in this process (through the collector SPI, as `hookline"
                    + " run` does, with the config's collector settings) instead of using the running agent.")
    boolean inProcess;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "5000",
            description = "How long after the last action each row may take to arrive (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the scratch directory for the file actions is made (default: the system's temp "
                    + "dir). It must be on a path the file collector watches.")
    Path dir;

    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Override
    public Integer call() {
        if (timeoutMs < 1) {
            throw new UserException("--timeout must be at least 1 ms");
        }
        var options = new Selftest.Options(inProcess, configOption.load().config(), dir, Duration.ofMillis(timeoutMs));
        try {
            return Selftest.run(options, System.out, System.err);
        } catch (SelftestException e) {
            throw new UserException("selftest: " + e.getMessage(), Selftest.EXIT_CANNOT_RUN);
        }
    }
}
