package dev.hookline.selftest;

import dev.hookline.agent.Agent;
import dev.hookline.agent.AgentException;
import dev.hookline.agent.PrivateRun;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigException;
import dev.hookline.config.KnownCollectors;
import dev.hookline.control.ControlClient;
import dev.hookline.control.ControlException;
import dev.hookline.kql.ResultTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * {@code hookline selftest}: acts on the host ({@link Actions}), then reads the agent's live rows through its query
 * path ({@link RowCheck}) and prints what arrived ({@link SelftestReport}). Against the running agent over its control
 * socket, or with an agent it starts in this process (its collectors found through the collector SPI as
 * {@code hookline run} finds them) and a child JVM as the actor.
 */
public final class Selftest {
    public static final int EXIT_MISSING = 1;
    public static final int EXIT_CANNOT_RUN = 3;

    /**
     * @param config    the agent config: its control socket (agent mode) or its collector sections (in-process)
     * @param dirBase   where the scratch directory is made (null: the system's temp dir)
     */
    public record Options(boolean inProcess, AgentConfig config, Path dirBase, Duration timeout) {
    }

    private Selftest() {
    }

    /** Runs the self-test, prints its report to {@code out}; 0 every row seen, {@link #EXIT_MISSING} otherwise. */
    public static int run(Options o, PrintStream out, PrintStream log) throws SelftestException {
        Path base = o.dirBase() != null ? o.dirBase().toAbsolutePath() : Path.of(System.getProperty("java.io.tmpdir"));
        List<String> header = new ArrayList<>();
        List<String> hints = new ArrayList<>(coverageHints(o.config(), base));
        hints.forEach(h -> log.println("hookline selftest: warning: " + h));
        return o.inProcess() ? inProcess(o, base, header, hints, out, log) : withAgent(o, base, header, hints, out);
    }

    private static int withAgent(Options o, Path base, List<String> header, List<String> hints, PrintStream out)
            throws SelftestException {
        Path socket = o.config().control().socket();
        ControlClient client = new ControlClient(socket);
        Map<String, Object> status;
        try {
            status = client.status();
        } catch (ControlException e) {
            throw new SelftestException(e.getMessage() + "; start it (hookline run) or test with an agent of the"
                    + " selftest's own: hookline selftest --in-process");
        }
        header.add("hookline selftest: the running agent at " + socket + ", this process (pid "
                + ProcessHandle.current().pid() + ") acting");
        describeAgent(status, header);
        return act(o, base, header, hints, out, client, (marker, port, dir, pid) -> {
            pid.accept(ProcessHandle.current().pid());
            return Actions.perform(marker, port, dir);
        });
    }

    private static int inProcess(Options o, Path base, List<String> header, List<String> hints, PrintStream out,
                                 PrintStream log) throws SelftestException {
        Path tmp = privateDir();
        ByteArrayOutputStream agentLog = new ByteArrayOutputStream();
        Agent agent = null;
        try {
            try {
                agent = Agent.start(inProcessConfig(o.config(), tmp),
                        new PrintStream(agentLog, true, StandardCharsets.UTF_8));
            } catch (AgentException e) {
                throw new SelftestException("cannot start the agent in-process: " + e.getMessage());
            }
            ControlClient client = new ControlClient(tmp.resolve("control.sock"));
            header.add("hookline selftest: an agent in this process (pid " + ProcessHandle.current().pid()
                    + "), a child JVM acting (collectors leave out the agent's own activity)");
            try {
                describeAgent(client.status(), header);
            } catch (ControlException e) {
                throw new SelftestException("the in-process agent does not answer: " + e.getMessage());
            }
            int code = act(o, base, header, hints, out, client, ActorMain::inChildJvm);
            if (code != 0) {
                log.print("--- the in-process agent's log ---\n" + agentLog.toString(StandardCharsets.UTF_8));
            }
            return code;
        } finally {
            if (agent != null) {
                agent.close();
            }
            PrivateRun.deleteTempDir(tmp);
        }
    }

    /** How the actions are done: in this process or in a child JVM, which tells its pid as soon as it has one. */
    @FunctionalInterface
    interface Actor {
        Actions act(String marker, int port, Path dir, LongConsumer pid) throws IOException, InterruptedException;
    }

    private static int act(Options o, Path base, List<String> header, List<String> hints, PrintStream out,
                           ControlClient client, Actor actor) throws SelftestException {
        String marker = "hookline-selftest-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        Path dir;
        try {
            dir = Files.createTempDirectory(base, "hookline-selftest-");
        } catch (IOException e) {
            throw new SelftestException("cannot create a scratch directory in " + base + ": " + e.getMessage()
                    + " (give --dir DIR)");
        }
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> drain(listener), "hookline-selftest-listener");
            acceptor.setDaemon(true);
            acceptor.start();
            int port = listener.getLocalPort();
            long start = Actions.now();
            // The rows are read while the actions run, so each latency is the sensor's, not the later actions'.
            CompletableFuture<Long> pid = new CompletableFuture<>();
            FutureTask<Actions> acting = new FutureTask<>(() -> actor.act(marker, port, dir, pid::complete));
            Thread actingThread = new Thread(acting, "hookline-selftest-actions");
            actingThread.setDaemon(true);
            actingThread.start();
            long actorPid = awaitPid(pid, acting);
            header.add("  acting pid " + actorPid + ", marker " + marker + ", port " + port + ", dir " + dir);
            RowSource rows = kql -> {
                try {
                    return maps(client.query(kql));
                } catch (ControlException e) {
                    throw new SelftestException("the agent stopped answering queries: " + e.getMessage());
                }
            };
            List<Outcome> outcomes = new RowCheck(rows, Actions::now)
                    .await(Actions.plan(actorPid, marker, port, dir, start), acting, o.timeout());
            if (outcomes.stream().anyMatch(x -> !x.seen())) {
                hints.addAll(missHints(outcomes, dir));
            }
            SelftestReport.print(out, header, outcomes, o.timeout().toMillis(), hints);
            return outcomes.stream().allMatch(Outcome::seen) ? 0 : EXIT_MISSING;
        } catch (IOException e) {
            throw new SelftestException("cannot act on this host: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SelftestException("interrupted");
        } finally {
            PrivateRun.deleteTempDir(dir);
        }
    }

    /** The acting process's pid, once it exists; the actions' own failure when they fail first. */
    private static long awaitPid(CompletableFuture<Long> pid, FutureTask<Actions> acting) throws SelftestException,
            InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                return pid.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (acting.isDone()) {
                    try {
                        acting.get();
                    } catch (ExecutionException x) {
                        throw new SelftestException("cannot act on this host: " + x.getCause().getMessage(),
                                x.getCause());
                    }
                    throw new SelftestException("the actions ended without naming their process");
                }
            } catch (ExecutionException e) {
                throw new SelftestException("cannot act on this host: " + e.getCause());
            }
        }
        throw new SelftestException("the acting process did not start in 60 s");
    }

    /** Accepts the loopback connections and reads them to their end, so the connect is a plain success. */
    private static void drain(ServerSocket listener) {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept(); InputStream in = s.getInputStream()) {
                in.readAllBytes();
            } catch (IOException e) {
                // closed at the end of the test, or a peer that reset: nothing to report either way
            }
        }
    }

    private static void describeAgent(Map<String, Object> status, List<String> header) {
        header.add("  collectors: " + status.getOrDefault("collectors", "(none)"));
        status.forEach((k, v) -> {
            if (k.startsWith("unavailable.")) {
                header.add("  " + k + ": " + v);
            }
        });
    }

    /** What to check when rows are missing: which collector makes them and which settings decide. */
    static List<String> missHints(List<Outcome> outcomes, Path dir) {
        List<String> h = new ArrayList<>();
        boolean files = outcomes.stream().anyMatch(x -> !x.seen() && x.expected().table().equals(Expected.FILES));
        boolean others = outcomes.stream().anyMatch(x -> !x.seen() && !x.expected().table().equals(Expected.FILES));
        if (files) {
            h.add("the file rows were for " + dir + ": the file collector must watch it (Linux: linux-fanotify's "
                    + "exclude_paths and exclude_mounts in the agent config, and read-only or pseudo filesystems are"
                    + " never watched); give --dir DIR on a watched filesystem to test another place");
        }
        if (others) {
            h.add("process and network rows come from the process collector (Linux: linux-audit, Windows: windows-etw,"
                    + " macOS: macos-es): `hookline status` shows its counters (lost, gaps) and why a collector is "
                    + "unavailable");
        }
        h.add("send this output with any report (docs/selftest.md)");
        return h;
    }

    /** A collector setting that leaves the scratch directory unwatched, said before acting. */
    static List<String> coverageHints(AgentConfig config, Path base) {
        List<String> out = new ArrayList<>();
        Path real = realOrSame(base);
        for (String name : config.collectorNames()) {
            Map<String, Object> section = config.collector(name);
            for (String key : List.of("exclude_paths", "exclude_mounts")) {
                if (section.get(key) instanceof List<?> list) {
                    for (Object p : list) {
                        if (p instanceof String s && !s.isBlank() && (real.startsWith(Path.of(s))
                                || base.startsWith(Path.of(s)))) {
                            out.add("collectors." + name + "." + key + " has " + s + ", which covers " + base
                                    + ": its file rows will be missing; give --dir DIR elsewhere or change that setting");
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Path realOrSame(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /**
     * The in-process agent's config: the given config's collector sections (so the same paths are watched) and
     * everything else private to this run (alert file and control socket in a temp dir, no event store, no health
     * line), so it never meets a running agent's files.
     */
    static AgentConfig inProcessConfig(AgentConfig config, Path tmp) throws SelftestException {
        return inProcessConfig(config, tmp, KnownCollectors.installed());
    }

    static AgentConfig inProcessConfig(AgentConfig config, Path tmp, KnownCollectors known) throws SelftestException {
        try {
            return PrivateRun.withCollectorsOf(config, tmp, "hookline selftest --in-process", known);
        } catch (ConfigException e) {
            throw new SelftestException(e.getMessage());
        }
    }

    private static Path privateDir() throws SelftestException {
        try {
            try {
                return Files.createTempDirectory("hookline-selftest-agent-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                return Files.createTempDirectory("hookline-selftest-agent-"); // Windows: the user's own temp dir
            }
        } catch (IOException e) {
            throw new SelftestException("cannot create a temp dir: " + e.getMessage());
        }
    }

    static List<Map<String, Object>> maps(ResultTable t) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object[] r : t.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.length; i++) {
                m.put(t.columnNames().get(i), r[i]);
            }
            rows.add(m);
        }
        return rows;
    }
}
