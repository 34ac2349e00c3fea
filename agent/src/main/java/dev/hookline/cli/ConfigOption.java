package dev.hookline.cli;

import dev.hookline.config.ConfigException;
import dev.hookline.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --config: the agent config file (default /etc/hookline/hookline.yaml if present, else the built-in defaults). */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Agent config (YAML). Default: /etc/hookline/hookline.yaml if it exists, else built-in defaults.")
    Path config;

    ConfigLoader.Loaded load() {
        try {
            return ConfigLoader.load(config);
        } catch (ConfigException e) {
            throw new UserException(e.getMessage());
        }
    }
}
