package dev.hookline.cli;

import dev.hookline.control.ControlClient;
import dev.hookline.control.ControlException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Health of the running agent (records, events per table, kernel lost, gaps, overruns, alerts...).")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> s;
        try {
            s = new ControlClient(configOption.load().config().control().socket()).status();
        } catch (ControlException e) {
            throw new UserException(e.getMessage(), Main.EXIT_FAILURE);
        }
        int w = s.keySet().stream().mapToInt(String::length).max().orElse(0);
        s.forEach((k, v) -> out.println(k + " ".repeat(w - k.length() + 2) + v));
        return 0;
    }
}
