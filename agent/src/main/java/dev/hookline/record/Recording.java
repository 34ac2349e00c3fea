package dev.hookline.record;

import dev.hookline.agent.Agent;
import dev.hookline.agent.AgentException;
import dev.hookline.agent.HostIdentities;
import dev.hookline.agent.PrivateRun;
import dev.hookline.collector.HostIdentity;
import dev.hookline.collector.Platform;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigException;
import dev.hookline.config.KnownCollectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code hookline record}: an agent of the command's own (the config's collector settings, everything else private)
 * runs with one collector's record hook set, for a while or until stopped, and its raw input goes to a file.
 */
public final class Recording {
    /** Started, and waiting for the duration or {@link #stop()}. */
    private final CountDownLatch stop = new CountDownLatch(1);

    /** What was recorded. */
    public record Result(String collector, long records, Path file) {
    }

    /** The collector that reads the host's raw input on this OS: the one recorded by default. */
    public static String defaultCollector() {
        return switch (Platform.current()) {
            case LINUX -> "linux-audit";
            case WINDOWS -> "windows-etw";
            case MACOS -> "macos-es";
            default -> "linux-audit";
        };
    }

    /** Ends a recording early (Ctrl-C): the file is closed with every whole record read so far. */
    public void stop() {
        stop.countDown();
    }

    public Result run(AgentConfig user, String collector, Path file, Duration duration, PrintStream log)
            throws RecordException, InterruptedException {
        if (Replaying.provider(collector) == null || Replaying.provider(collector).replay() == null) {
            throw new RecordException("collector " + collector + " cannot record (collectors that can: "
                    + Replaying.recordable() + ")");
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("hookline-record-");
        } catch (IOException e) {
            throw new RecordException("cannot create a temp dir: " + e.getMessage());
        }
        HostIdentity host = HostIdentities.detect();
        ByteArrayOutputStream agentLog = new ByteArrayOutputStream();
        try (RawFile.Writer writer = new RawFile.Writer(file, new RawFile.Header(collector, host.deviceName(),
                host.deviceId(), ProcessHandle.current().pid()))) {
            AgentConfig config;
            try {
                config = PrivateRun.withCollectorsOf(user, tmp, "hookline record", KnownCollectors.installed());
            } catch (ConfigException e) {
                throw new RecordException(e.getMessage());
            }
            Agent agent;
            try {
                agent = Agent.start(config, new PrintStream(agentLog, true, StandardCharsets.UTF_8),
                        Map.of(collector, writer));
            } catch (AgentException e) {
                throw new RecordException("cannot start the agent: " + e.getMessage());
            }
            try {
                if (!agent.runningCollectors().contains(collector)) {
                    String why = agent.unavailableCollectors().get(collector);
                    throw new RecordException("collector " + collector + " is not running here: "
                            + (why != null ? why : "not a collector of this OS (running: " + agent.runningCollectors()
                            + ")"));
                }
                log.println("hookline record: recording " + collector + " to " + file + " for " + duration.toSeconds()
                        + " s (Ctrl-C ends it sooner)");
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                agent.close(); // the collector's last records are written before the file is closed
            }
            return new Result(collector, writer.records(), file);
        } catch (IOException e) {
            throw new RecordException("cannot write " + file + ": " + e.getMessage());
        } finally {
            PrivateRun.deleteTempDir(tmp);
        }
    }
}
