package dev.hookline.cli;

import dev.hookline.config.AgentConfig;
import dev.hookline.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * --from-kafka and --topic: the topic detect and query read MDE events from. The brokers are given directly
 * (PLAINTEXT), or as {@code events} / {@code alerts}: then brokers, security (TLS, SASL PLAIN or SCRAM-SHA-512, the
 * Event Hubs connection string) and the default topic are those of that section of --config, so the input needs
 * no settings of its own.
 */
final class KafkaInputOptions {
    @Option(names = "--from-kafka", paramLabel = "SERVERS|events|alerts",
            description = "Read MDE events from a Kafka / Event Hubs topic (Defender streaming-API records, Hookline's"
                    + " events.kafka): host:port[,host:port] (PLAINTEXT), or events / alerts to take brokers,"
                    + " security and topic from that section of --config (see docs/kafka.md).")
    String fromKafka;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "With --from-kafka: the topic (the event hub); default the config section's topic.")
    String topic;

    boolean enabled() {
        return fromKafka != null;
    }

    /** The consumer's settings; a usage error names what is missing. */
    KafkaSettings settings(ConfigOption config, String command) {
        if (topic != null && fromKafka == null) {
            throw new UserException(command + ": --topic goes with --from-kafka");
        }
        String from = fromKafka.trim();
        KafkaSettings s;
        if (from.equals("events") || from.equals("alerts")) {
            if (config.config == null) {
                throw new UserException(command + ": --from-kafka " + from + " takes the brokers from " + from
                        + ".kafka of --config FILE; give --config");
            }
            AgentConfig all = config.load().config();
            AgentConfig.Kafka section = from.equals("events") ? all.events().kafka() : all.alerts().kafka();
            if (!section.enabled()) {
                throw new UserException(command + ": --from-kafka " + from + ": " + from + ".kafka in "
                        + config.config + " names no brokers");
            }
            try {
                s = KafkaSettings.from(section, from, System::getenv);
            } catch (IOException e) {
                throw new UserException(command + ": " + e.getMessage());
            }
            s.name(from + "_input");
        } else {
            if (from.isEmpty() || from.startsWith("-")) {
                throw new UserException(command + ": --from-kafka expects host:port[,host:port], events or alerts,"
                        + " got '" + fromKafka + "'");
            }
            if (topic == null) {
                throw new UserException(command + ": --from-kafka " + from + " needs --topic TOPIC");
            }
            s = new KafkaSettings(from, topic, Path.of("."));
            s.name("input");
        }
        if (topic != null) {
            if (topic.isBlank()) {
                throw new UserException(command + ": --topic is empty");
            }
            s.topic(topic.trim());
        }
        return s;
    }
}
