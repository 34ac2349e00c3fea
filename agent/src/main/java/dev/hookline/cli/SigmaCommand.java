package dev.hookline.cli;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.eval.Kql;
import dev.hookline.sigma.SigmaConversion;
import dev.hookline.sigma.SigmaConverter;
import dev.hookline.sigma.SigmaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            boolean first = true;
            for (Path f : files) {
                String text;
                try {
                    text = Files.readString(f, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new UserException(f + ": no such file");
                } catch (IOException e) {
                    throw new UserException(f + ": cannot read: " + e.getMessage(), Main.EXIT_FAILURE);
                }
                SigmaConversion c;
                try {
                    c = SigmaConverter.convert(f.toString(), text);
                    Kql.compile(c.kql()); // what we print must also run here
                } catch (SigmaException e) {
                    throw new UserException(e.getMessage());
                } catch (KqlException e) {
                    throw new UserException(f + ": converted query does not compile: " + e.getMessage(),
                            Main.EXIT_FAILURE);
                }
                if (!first) {
                    out.println();
                }
                first = false;
                out.print(c.kql());
            }
            out.flush();
            return 0;
        }
    }
}
