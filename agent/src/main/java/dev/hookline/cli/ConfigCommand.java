package dev.hookline.cli;

import dev.hookline.config.ConfigLoader;
import dev.hookline.config.KnownCollectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Show the agent configuration.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Defaults.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the effective configuration as YAML.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption configOption = new ConfigOption();

        @Override
        public Integer call() {
            ConfigLoader.Loaded l = configOption.load();
            spec.commandLine().getOut().println("# source: " + l.source());
            spec.commandLine().getOut().print(ConfigLoader.toYaml(l.config()));
            return 0;
        }
    }

    @Command(name = "defaults", mixinStandardHelpOptions = true,
            description = "Print the documented default configuration (every setting, with comments), with the "
                    + "settings of every collector on the class path.")
    static final class Defaults implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ConfigLoader.documentedDefaults(KnownCollectors.installed()));
            return 0;
        }
    }
}
