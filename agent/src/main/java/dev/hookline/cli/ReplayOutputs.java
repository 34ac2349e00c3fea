package dev.hookline.cli;

import dev.hookline.config.AgentConfig;
import dev.hookline.kafka.KafkaOutput;
import dev.hookline.kafka.KafkaSettings;
import dev.hookline.output.AlertOutput;
import dev.hookline.sentinel.SentinelOutput;
import dev.hookline.sentinel.SentinelSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert outputs of --config that `detect` sends alerts to besides stdout: alerts.kafka and alerts.sentinel,
 * the outputs that keep their own spool (so a replay or a Kafka consumer hands them alerts at disk speed and they
 * deliver them at least once). The agent's alert file and collector shipping stay the running agent's. A write
 * that an output refuses fails the run ({@link UncheckedIOException}): with --from-kafka the offsets of those
 * records are then not committed.
 */
final class ReplayOutputs implements AutoCloseable {
    private final List<AlertOutput> outputs = new ArrayList<>();
    private final PrintWriter err;

    ReplayOutputs(AgentConfig config, PrintWriter err) {
        this.err = err;
        try {
            if (config.alerts().kafka().enabled()) {
                outputs.add(new KafkaOutput(KafkaSettings.from(config.alerts().kafka(), "alerts", System::getenv),
                        (kind, message) -> {
                            synchronized (err) {
                                err.println("hookline: warning: " + kind + ": " + message);
                            }
                        }));
            }
            SentinelOutput sentinel = SentinelSetup.output(config.alerts().sentinel());
            if (sentinel != null) {
                outputs.add(sentinel);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw new UserException("detect: alert outputs of --config: " + e.getMessage(), Main.EXIT_FAILURE);
        }
    }

    boolean isEmpty() {
        return outputs.isEmpty();
    }

    /** Names, for the summary line. */
    String names() {
        List<String> n = new ArrayList<>();
        outputs.forEach(o -> n.add(o.name()));
        return String.join(", ", n);
    }

    void write(String line) {
        for (AlertOutput o : outputs) {
            try {
                o.write(line);
            } catch (IOException e) {
                throw new UncheckedIOException("alert output " + o.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Every alert written so far is on disk in each output's spool when this returns. */
    void flush() throws IOException {
        for (AlertOutput o : outputs) {
            o.flush();
        }
    }

    /**
     * Waits up to {@code within} for the Kafka outputs to deliver what they hold (a replay should leave nothing in
     * the spool when it exits); what is left is said on stderr: the next run with the same spool sends it.
     */
    void drain(Duration within) {
        for (AlertOutput o : outputs) {
            if (o instanceof KafkaOutput k) {
                try {
                    if (!k.drain(within)) {
                        err.println("hookline: warning: " + k.spoolDepth() + " alert(s) not yet acknowledged by "
                                + "the brokers stay in " + k.spoolDir() + " (sent by the next run using that spool: "
                                + k.lastError() + ")");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        for (AlertOutput o : outputs) {
            try {
                o.close();
            } catch (IOException | RuntimeException e) {
                err.println("hookline: warning: closing " + o.name() + ": " + e.getMessage());
            }
        }
    }
}
