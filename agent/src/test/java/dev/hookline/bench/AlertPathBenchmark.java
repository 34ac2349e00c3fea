package dev.hookline.bench;

import dev.hookline.alert.Alert;
import dev.hookline.alert.AlertIdHasher;
import dev.hookline.alert.AlertIds;
import dev.hookline.alert.AlertJson;
import dev.hookline.alert.RuleMeta;
import dev.hookline.io.EventJsonWriter;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of turning one match into an alert line, piece by piece, on the agent's own JIT settings (C1 only, as
 * the launcher runs it): the event's JSON, the alert id, both as the detector makes them (one reused buffer), the
 * alert line with a 4-deep ancestry, one timestamp.
 * Run: scripts/bench-engine alert (README, "Performance").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"})
public class AlertPathBenchmark {
    private Event event;
    private String eventJson;
    private Alert alert;
    private long now;
    private final EventJsonWriter writer = new EventJsonWriter();
    private final AlertIdHasher hasher = new AlertIdHasher();

    @Setup
    public void setup() {
        now = Times.nowNanos();
        event = execEvent(now);
        eventJson = EventJsonWriter.toJson(event);
        RuleMeta meta = new RuleMeta("T1195.001-npm-hook-shell", "Package install hook spawns a shell", "d",
                List.of("InitialAccess"), "T1195", "T1195.001", "High", "Medium", List.of(), null);
        List<ProcessInfo> ancestry = new ArrayList<>();
        Account acct = new Account("runner", "host", "1000");
        ancestry.add(new ProcessInfo(4242, 4241, now - 1_000_000, "/usr/bin/dash", "sh -c whoami", 1000, acct));
        ancestry.add(new ProcessInfo(4241, 4200, now - 9_000_000, "/usr/bin/node", "node install.js", 1000, acct));
        ancestry.add(new ProcessInfo(4200, 4100, now - 90_000_000, "/usr/bin/node", "npm install ./pkg", 1000, acct));
        ancestry.add(new ProcessInfo(4100, 1, now - 900_000_000, "/usr/bin/bash", "bash", 1000, acct));
        alert = new Alert(AlertIds.of(meta.id(), "hook_shell", eventJson), meta, "hook_shell",
                List.of("Timestamp", "DeviceName", "ProcessCommandLine", "InitiatingProcessFileName"),
                new Object[] {event.getLong(Columns.TIMESTAMP), "runner-07", "sh -c whoami", "node"}, event, now,
                ancestry, eventJson);
    }

    /** An exec event with the columns the Linux mapper fills. */
    static Event execEvent(long now) {
        Event e = new Event(Table.DeviceProcessEvents);
        e.set(Columns.TIMESTAMP, now);
        e.set(Columns.DEVICE_ID, "b1c4a0f2d3e4b1c4a0f2d3e4b1c4a0f2d3e4b1c4");
        e.set(Columns.DEVICE_NAME, "runner-07.build.example");
        e.set(Columns.ACTION_TYPE, "ProcessCreated");
        e.set(Columns.FILE_NAME, "dash");
        e.set(Columns.FOLDER_PATH, "/usr/bin/dash");
        e.set(Columns.PROCESS_ID, 4242);
        e.set(Columns.PROCESS_COMMAND_LINE, "sh -c whoami");
        e.set(Columns.PROCESS_CREATION_TIME, now);
        e.set(Columns.ACCOUNT_NAME, "runner");
        e.set(Columns.ACCOUNT_DOMAIN, "runner-07");
        e.set(Columns.ACCOUNT_SID, "1000");
        e.set(Columns.INITIATING_PROCESS_FILE_NAME, "node");
        e.set(Columns.INITIATING_PROCESS_FOLDER_PATH, "/usr/bin/node");
        e.set(Columns.INITIATING_PROCESS_COMMAND_LINE, "node install.js");
        e.set(Columns.INITIATING_PROCESS_ID, 4241);
        e.set(Columns.INITIATING_PROCESS_CREATION_TIME, now - 9_000_000);
        e.set(Columns.INITIATING_PROCESS_ACCOUNT_NAME, "runner");
        e.set(Columns.INITIATING_PROCESS_PARENT_ID, 4200);
        e.set(Columns.INITIATING_PROCESS_PARENT_FILE_NAME, "node");
        e.set(Columns.INITIATING_PROCESS_PARENT_CREATION_TIME, now - 90_000_000);
        e.set(Columns.REPORT_ID, 123456);
        return e;
    }

    @Benchmark
    public String eventJson() {
        return EventJsonWriter.toJson(event);
    }

    /** What the detector does per alert now: the event through its reused writer, the id with its own digest. */
    @Benchmark
    public String eventJsonAndId(Blackhole bh) {
        String json = writer.write(event).toString();
        bh.consume(hasher.of("T1195.001-npm-hook-shell", "hook_shell", json));
        return json;
    }

    @Benchmark
    public String alertId() {
        return AlertIds.of("T1195.001-npm-hook-shell", "hook_shell", eventJson);
    }

    @Benchmark
    public String alertJson() {
        return AlertJson.toJson(alert);
    }

    @Benchmark
    public String timestamp() {
        return Times.format(now);
    }

    @Benchmark
    public Event copy() {
        return event.copy();
    }
}
