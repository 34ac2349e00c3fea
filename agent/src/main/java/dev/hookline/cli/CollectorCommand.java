package dev.hookline.cli;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.Secret;
import dev.hookline.kafka.KafkaOutput;
import dev.hookline.kafka.KafkaSettings;
import dev.hookline.metrics.Listen;
import dev.hookline.sentinel.SentinelOutput;
import dev.hookline.sentinel.SentinelSetup;
import dev.hookline.transport.server.CollectorConfig;
import dev.hookline.transport.server.CollectorServer;
import dev.hookline.transport.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Run the fleet collector: agents ship alerts to it over HTTP/1.1 with mutual TLS; it dedups them "
                + "by AlertId and writes them to <data_dir>/alerts.jsonl.",
                "With alerts.kafka (or alerts.sentinel) configured, every accepted alert is also forwarded there.",
                "Settings: the collector_server section of the config (hookline config defaults)."})
final class CollectorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig all = configOption.load().config();
        AgentConfig.CollectorServer c = all.collectorServer();
        CollectorServer server;
        try {
            Files.createDirectories(c.dataDir());
            if (c.headerTimeoutMs() < 1 || c.requestTimeoutMs() < 1) {
                throw new IllegalArgumentException("collector_server.header_timeout_ms and request_timeout_ms must be"
                        + " >= 1, got " + c.headerTimeoutMs() + " and " + c.requestTimeoutMs());
            }
            CollectorConfig cc = new CollectorConfig(c.dataDir()).bind(c.bind(), c.port())
                    .headerTimeoutMillis(c.headerTimeoutMs()).requestTimeoutMillis(c.requestTimeoutMs())
                    .metrics(Listen.parse(c.metrics().listen()));
            if (c.tlsEnabled()) {
                cc.tls(new TlsFiles(c.caCert(), c.cert(), c.key()));
            } else {
                System.err.println("hookline: warning: collector_server has no TLS files: plaintext, no client "
                        + "certificates (only behind a TLS-terminating proxy)");
            }
            Secret token = Secret.fromEnv(c.bearerTokenEnv(), "collector_server.bearer_token_env");
            if (token != null) {
                cc.bearerToken(token.reveal());
            }
            SentinelOutput sentinel = SentinelSetup.output(all.alerts().sentinel());
            if (sentinel != null) {
                cc.onward(sentinel); // every accepted, deduplicated alert also goes to Sentinel
            }
            if (all.alerts().kafka().enabled()) {
                // every accepted, deduplicated alert also goes to Kafka / Event Hubs, through the output's own
                // spool (appended before the agent's batch is acknowledged): the agents need no broker access
                cc.onward(new KafkaOutput(KafkaSettings.from(all.alerts().kafka(), "alerts", System::getenv),
                        (kind, message) -> System.err.println("hookline: warning: " + kind + ": " + message)));
            }
            server = new CollectorServer(cc);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new UserException("collector: cannot start: " + e.getMessage(), Main.EXIT_FAILURE);
        }
        System.err.println("hookline: collector listening on " + c.bind() + ":" + server.port()
                + (server.nativeTransport() ? " (epoll)" : " (nio)") + "; alerts to " + cc(c)
                + (all.alerts().kafka().enabled() ? " and Kafka topic " + all.alerts().kafka().topic() : "")
                + (server.metricsPort() < 0 ? "" : "; metrics on port " + server.metricsPort()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("hookline: collector close: " + e.getMessage());
            }
            stopped.countDown();
        }, "hookline-collector-shutdown"));
        stopped.await();
        return 0;
    }

    private static String cc(AgentConfig.CollectorServer c) {
        return c.dataDir().resolve("alerts.jsonl").toString();
    }
}
