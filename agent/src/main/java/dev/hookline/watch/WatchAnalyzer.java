package dev.hookline.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.install.InstallContext;
import dev.hookline.kql.TableSource;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the agent's events (a ring snapshot) and alert lines into a {@link WatchReport} for one command's process
 * tree. Pure: no agent, no kernel, so it is tested on hand-made events.
 */
public final class WatchAnalyzer {
    /** At most this many rows per list in the report; the counts stay exact. */
    static final int MAX_ROWS = 50;
    private static final Set<String> WRITES = Set.of("FileCreated", "FileModified", "FileRenamed");
    private static final Set<String> OUTBOUND = Set.of("ConnectionSuccess", "ConnectionAttempt", "ConnectionFailed",
            "ConnectionRequest");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long rootPid;
    private final long startNanos;
    private final Path workDir;

    public WatchAnalyzer(long rootPid, long startNanos, Path workDir) {
        this.rootPid = rootPid;
        this.startNanos = startNanos;
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    public WatchReport analyze(List<String> command, int exitCode, long endNanos, TableSource events,
                               ProcessTable table, List<String> alertLines, List<String> notes) {
        List<Event> procs = collect(events, Table.DeviceProcessEvents);
        ProcessTree tree = new ProcessTree(rootPid, startNanos, procs, table);

        Map<InstallContext, PackageActivity.Builder> packages = new LinkedHashMap<>();
        for (Event e : sorted(procs)) {
            if ("ProcessCreated".equals(str(e, Columns.ACTION_TYPE)) && tree.contains(e)) {
                PackageActivity.Builder p = pkg(packages, e);
                if (p != null) {
                    p.spawned(str(e, Columns.FILE_NAME));
                }
            }
        }
        List<WatchReport.Spawn> spawns = new ArrayList<>();
        for (Event e : procs) {
            if ("ProcessCreated".equals(str(e, Columns.ACTION_TYPE)) && tree.contains(e)
                    && Installers.isInstaller(str(e, Columns.INITIATING_PROCESS_FILE_NAME))) {
                spawns.add(new WatchReport.Spawn(e.getLong(Columns.TIMESTAMP),
                        str(e, Columns.INITIATING_PROCESS_FILE_NAME), e.getLong(Columns.INITIATING_PROCESS_ID),
                        str(e, Columns.FILE_NAME), e.getLong(Columns.PROCESS_ID),
                        str(e, Columns.PROCESS_COMMAND_LINE)));
            }
        }
        spawns.sort(Comparator.comparingLong(WatchReport.Spawn::timeNanos));

        // One row per (process, endpoint, action): a client retrying the same host is one line.
        Map<String, WatchReport.Endpoint> endpoints = new LinkedHashMap<>();
        for (Event e : sorted(collect(events, Table.DeviceNetworkEvents))) {
            if (!OUTBOUND.contains(str(e, Columns.ACTION_TYPE)) || !tree.contains(e)) {
                continue;
            }
            WatchReport.Endpoint ep = new WatchReport.Endpoint(str(e, Columns.INITIATING_PROCESS_FILE_NAME),
                    e.getLong(Columns.INITIATING_PROCESS_ID), str(e, Columns.INITIATING_PROCESS_COMMAND_LINE),
                    str(e, Columns.REMOTE_URL), str(e, Columns.REMOTE_IP), e.getLong(Columns.REMOTE_PORT),
                    str(e, Columns.REMOTE_IP_TYPE), str(e, Columns.ACTION_TYPE));
            endpoints.putIfAbsent(ep.process() + "\0" + ep.pid() + "\0" + ep.target() + "\0" + ep.action(), ep);
            PackageActivity.Builder p = pkg(packages, e);
            if (p != null) {
                p.connected(ep.hostPort());
            }
        }

        List<WatchReport.FileWrite> sensitive = new ArrayList<>();
        List<WatchReport.FileWrite> inWorkdir = new ArrayList<>();
        int workdirCount = 0;
        for (Event e : sorted(collect(events, Table.DeviceFileEvents))) {
            if (!WRITES.contains(str(e, Columns.ACTION_TYPE)) || !tree.contains(e)) {
                continue;
            }
            String path = str(e, Columns.FOLDER_PATH);
            String category = SensitivePaths.category(path);
            WatchReport.FileWrite w = new WatchReport.FileWrite(e.getLong(Columns.TIMESTAMP),
                    str(e, Columns.ACTION_TYPE), path, str(e, Columns.INITIATING_PROCESS_FILE_NAME),
                    e.getLong(Columns.INITIATING_PROCESS_ID), category);
            if (category != null) {
                sensitive.add(w);
            }
            PackageActivity.Builder p = pkg(packages, e);
            if (p != null && path != null) {
                p.wrote(under(path) ? workDir.relativize(Path.of(path).normalize()).toString() : path);
            }
            if (path != null && under(path)) {
                workdirCount++;
                if (inWorkdir.size() < MAX_ROWS) {
                    inWorkdir.add(w);
                }
            }
        }

        List<WatchReport.AlertLine> alerts = new ArrayList<>();
        int other = 0;
        for (String line : alertLines) {
            JsonNode a = parse(line);
            if (a == null || a.has("AlertType") && "AgentHealth".equals(a.path("AlertType").asText())) {
                continue; // health alerts are the agent's, not the command's
            }
            JsonNode ev = a.path("Event");
            boolean mine = tree.descends(ev.path("InitiatingProcessId").asLong(Event.NULL))
                    || tree.members().contains(ev.path("ProcessId").asLong(Event.NULL));
            if (!mine) {
                other++;
                continue;
            }
            String process = ev.path("InitiatingProcessFileName").asText("");
            String detail = firstNonEmpty(ev.path("ProcessCommandLine").asText(""),
                    ev.path("RemoteUrl").asText(""), ev.path("RemoteIP").asText(""), ev.path("FolderPath").asText(""));
            InstallContext install = InstallContext.from(a.path("InstallContext"));
            alerts.add(new WatchReport.AlertLine(a.path("Severity").asText(""), a.path("RuleId").asText(""),
                    a.path("Arm").asText(""), process, detail, a.path("AlertId").asText(""),
                    install == null || !install.identified() ? null : install, a.path("RuleTitle").asText("")));
        }
        alerts.sort(Comparator.comparingInt((WatchReport.AlertLine l) -> -Severity.rank(l.severity())));

        return new WatchReport(List.copyOf(command), exitCode, startNanos, endNanos, tree.members().size(),
                cap(spawns), cap(new ArrayList<>(endpoints.values())), cap(sensitive), inWorkdir, workdirCount,
                alerts, other, List.copyOf(notes),
                packages.values().stream().map(PackageActivity.Builder::build).toList(), List.of());
    }

    /** The row's package step (identified ones only), its builder created on first sight. */
    private static PackageActivity.Builder pkg(Map<InstallContext, PackageActivity.Builder> packages, Event e) {
        InstallContext c = InstallContext.fromAdditionalFields(e.getString(Columns.ADDITIONAL_FIELDS));
        if (c == null || !c.identified()) {
            return null;
        }
        // The project directory is the same for every step of one install: group by the rest.
        InstallContext key = new InstallContext(c.manager(), c.packageName(), c.version(), c.phase(), null);
        return packages.computeIfAbsent(key, PackageActivity.Builder::new);
    }

    private static String str(Event e, Column c) {
        String v = e.getString(c);
        return v == null ? "" : v;
    }

    private boolean under(String path) {
        try {
            return Path.of(path).normalize().startsWith(workDir);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<Event> collect(TableSource src, Table t) {
        List<Event> out = new ArrayList<>();
        src.scan(t, e -> out.add(e.copy()));
        return out;
    }

    private static List<Event> sorted(List<Event> events) {
        events.sort(Comparator.comparingLong(e -> e.getLong(Columns.TIMESTAMP)));
        return events;
    }

    private static <T> List<T> cap(List<T> l) {
        return l.size() <= MAX_ROWS ? l : new ArrayList<>(l.subList(0, MAX_ROWS));
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String firstNonEmpty(String... s) {
        for (String v : s) {
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
