package dev.hookline.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `hookline` command. Exit codes: 0 success, 2 bad usage or bad input (rules, queries, config), 1 failure. */
@Command(name = "hookline", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Endpoint sensor: Sentinel KQL over Defender-schema telemetry, on the host.",
        subcommands = {RunCommand.class, StatusCommand.class, DetectCommand.class, QueryCommand.class,
                RulesCommand.class, SigmaCommand.class, ConfigCommand.class, CollectorCommand.class,
                CertsCommand.class, SentinelCommand.class, WatchCommand.class, ScenariosCommand.class, FunctionsCommand.class,
                SelftestCommand.class, RecordCommand.class, ReplayCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting (for tests). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        // One pair of writers for every subcommand (picocli otherwise makes one per subcommand, lazily), flushed at
        // the end: they flush only on println, and a command that ends with print (the config YAML) lost its output
        // to System.exit.
        // UTF-8 whatever the locale: under LC_ALL=C the JVM's default charset is ASCII and every non-ASCII
        // character (a Sigma rule's en dash or emoji, a path) would be written as '?'
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        try {
            return cl.execute(args);
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Expected user errors carry their own message; anything else is a bug, shown briefly, not as a trace.
            if (ex instanceof UserException u) {
                cmd.getErr().println("hookline: " + u.getMessage());
                return u.exitCode();
            }
            cmd.getErr().println("hookline: internal error: " + ex);
            if (System.getenv("HOOKLINE_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return EXIT_FAILURE;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
