package dev.hookline.cli;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.eval.Kql;
import dev.hookline.sigma.SigmaConverter;
import dev.hookline.sigma.SigmaOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sigma", mixinStandardHelpOptions = true,
        description = "Sigma rules: convert them to KQL. `detect --rules` and the agent's rules.paths load .yml Sigma"
                + " files directly.",
        subcommands = {SigmaCommand.Convert.class})
final class SigmaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Print the KQL equivalent of Sigma rules (process_creation, network_connection, file_event),"
                    + " pasteable into Sentinel; conversion notes are // comments.")
    static final class Convert implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "RULE.yml", description = "Sigma rule files.")
        List<Path> files;

        @Option(names = "--keep-going", description = "Convert every rule it can: a rule that cannot be converted is"
                + " reported on stderr and the next one converted (exit 2 at the end if any failed). Without it the"
                + " first such rule stops the run, after the rules before it were printed.")
        boolean keepGoing;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean first = true;
            int failed = 0;
            for (Path f : files) {
                String text;
                try {
                    text = Files.readString(f, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new UserException(f + ": no such file");
                } catch (IOException e) {
                    throw new UserException(f + ": cannot read: " + e.getMessage(), Main.EXIT_FAILURE);
                }
                // a file may hold several rules (YAML documents, Sigma's global/repeat collections): each is printed
                for (SigmaOutcome o : SigmaConverter.convertAll(f.toString(), text)) {
                    String problem = null;
                    if (!o.ok()) {
                        problem = o.error().getMessage();
                    } else {
                        try {
                            Kql.compile(o.conversion().kql()); // what we print must also run here
                        } catch (KqlException e) {
                            problem = o.where() + ": converted query does not compile: " + e.getMessage();
                        }
                    }
                    if (problem != null) {
                        if (!keepGoing) {
                            out.flush();
                            throw new UserException(problem);
                        }
                        err.println("hookline: " + problem);
                        failed++;
                        continue;
                    }
                    if (!first) {
                        out.println();
                    }
                    first = false;
                    out.print(o.conversion().kql());
                }
            }
            out.flush();
            if (failed > 0) {
                err.println("hookline: " + failed + (failed == 1 ? " rule" : " rules") + " not converted");
                return Main.EXIT_USAGE;
            }
            return 0;

        }
    }
}
