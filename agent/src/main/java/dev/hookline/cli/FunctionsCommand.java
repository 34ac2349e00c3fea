package dev.hookline.cli;

import dev.hookline.kql.eval.fn.Functions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the KQL functions the engine supports, straight from its function table. */
@Command(name = "functions", mixinStandardHelpOptions = true,
        description = "List the KQL scalar and aggregate functions that queries and rules can use.")
final class FunctionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Functions.catalogText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
