package dev.hookline.linux.audit;

import static dev.hookline.linux.audit.AuditProtocol.*;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.EventSink;
import dev.hookline.collector.RawRecorder;
import dev.hookline.install.InstallResolver;
import dev.hookline.linux.jna.DatagramBatch;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.NetlinkSocket;
import dev.hookline.linux.jna.NetlinkSocket.NetlinkException;
import dev.hookline.linux.proc.ContainerLookup;
import dev.hookline.linux.proc.Passwd;
import dev.hookline.linux.proc.ProcConnector;
import dev.hookline.linux.proc.ProcFs;
import dev.hookline.linux.proc.ProcInstallProbe;
import dev.hookline.linux.proc.ProcessLifecycle;
import dev.hookline.schema.Times;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Process and network telemetry from the kernel audit subsystem, spoken to directly over NETLINK_AUDIT (no auditd,
 * auditctl or libaudit at run time).
 * <p>
 * <b>Daemon mode</b> (the normal case, no other audit daemon alive): Hookline registers as the audit daemon
 * (AUDIT_SET pid), sets backlog_limit (8192 by default), backlog_wait_time 0 so audited processes never sleep on
 * a full backlog (records are lost and counted instead), failure silent (configurable printk), installs its
 * keyed rules ({@link AuditRules}) and its record-type exclusions (exclude_record_types: PATH by default, which
 * the mapper does not read) and enables auditing. {@link #close()} removes exactly its rules (its key, or its
 * exclusions' shape), restores enabled/failure/backlog_limit/backlog_wait_time to what they were and unregisters
 * (pid 0; a pid can only be registered by the process itself, so a previous holder that was dead stays
 * unregistered).
 * <p>
 * <b>Another daemon holds the audit pid</b> (auditd, auoms...): the kernel refuses to replace a healthy daemon
 * (EEXIST), and taking it over would break that daemon's logging, so by default Hookline becomes a read-only
 * <b>multicast reader</b> of AUDIT_NLGRP_READLOG (needs CAP_AUDIT_READ; the kernel sends every record to that group
 * as well as to the daemon). It still adds its keyed rules (removed on close) and enables auditing if it was off,
 * but leaves the daemon's pid, backlog and failure settings alone, and excludes no record type (the daemon's log
 * stays whole). Its own-pid exclusion rule is prepended and so also hides the agent's syscalls from the other
 * daemon. With {@code when_audit_pid_taken: refuse} start fails instead.
 * <p>
 * <b>Inbound connections</b> ({@code inbound_rules}: all (default) | listen | off): bind and listen give
 * ListeningConnectionCreated rows, accept/accept4 InboundConnectionAccepted rows (see {@link AuditEventMapper});
 * only successful calls are audited. On by default because listeners are rare and security-relevant (bind
 * shells, backdoors) and accepted connections show lateral movement; a server accepting thousands of connections
 * a second should use {@code listen}, see {@link AuditSettings}.
 * <p>
 * <b>Tamper</b>: AUDIT_CONFIG_CHANGE records not caused by Hookline raise AuditConfigChanged naming the process
 * ({@link ConfigChangeWatch}) and make the status monitor check at once; the monitor repairs (rules reinstalled,
 * auditing re-enabled, pid re-taken) and raises AuditRulesRemoved/AuditDisabled/AuditPidTakenOver. Counters:
 * config_changes_foreign, config_changes_own, rules_reinstalled, audit_reenabled, audit_pid_retakes.
 * <p>
 * Threads: the reader (records → {@link AuditAssembler} → {@link AuditEventMapper} → EventSink; it also polls the
 * proc connector after every receive), and the status monitor ({@link AuditStatusMonitor}, plus the process-table
 * sweep).
 */
public final class AuditCollector implements Collector {
    public static final String NAME = "linux-audit";

    /** How Hookline receives records. */
    public enum Mode { DAEMON, MULTICAST }

    private final CollectorContext context;
    private final AuditSettings settings;
    private final AuditCounters counters = new AuditCounters();
    /** Install context at exec (package manager scripts): reads /proc only for children of managers. */
    private final InstallResolver installs = new InstallResolver(ProcInstallProbe.system());
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running;
    private volatile boolean monitorPaused;
    private long ourPid;
    private Mode mode;
    private AuditStatus initial;
    private AuditSocket control;
    private AuditSocket reader;
    private ProcConnector connector;
    private ProcessLifecycle lifecycle;
    private AuditAssembler assembler;
    private volatile AuditStatusMonitor monitor;
    private ConfigChangeWatch configWatch;
    private List<AuditRuleData> rules;
    private boolean settingsChanged;
    private boolean enabledChanged;
    private boolean rulesInstalled;
    private Thread readerThread;
    private Thread monitorThread;
    private String description = "not started";
    /** The kernel's own settings on disk, while Hookline's are in force (see {@link PreviousSettings}). */
    private PreviousSettings previous;
    private boolean previousSaved;
    private final byte[] text = new byte[64 * 1024];
    /** hookline record's hook: null unless recording. */
    private final RawRecorder recorder;

    public AuditCollector(CollectorContext context, AuditSettings settings) {
        this.context = context;
        this.settings = settings;
        this.recorder = context.recorder();
    }

    @Override
    public String name() {
        return NAME;
    }

    public Mode mode() {
        return mode;
    }

    /** What the collector is doing, for `hookline status` and logs (mode, settings, degraded parts). */
    @Override
    public String description() {
        return description;
    }

    /** The kernel status read before anything was changed. */
    public AuditStatus initialStatus() {
        return initial;
    }

    @Override
    public void start() throws CollectorException {
        if (!started.compareAndSet(false, true)) {
            throw new CollectorException(NAME + " was already started");
        }
        try {
            doStart();
        } catch (CollectorException e) {
            close();
            throw e;
        } catch (IOException | RuntimeException e) {
            close();
            throw new CollectorException(NAME + " could not start: " + e.getMessage(), e);
        }
    }

    private void doStart() throws IOException, CollectorException {
        long changesFrom = Times.nowNanos();
        ourPid = LibC.INSTANCE.getpid();
        String hostName = context.host() == null ? null : context.host().deviceName();
        Passwd passwd = Passwd.system(hostName);
        ProcFs procFs = ProcFs.system(passwd);
        lifecycle = new ProcessLifecycle(context.processes(), procFs);
        StringBuilder notes = new StringBuilder();
        if (settings.procConnector()) {
            connector = new ProcConnector(lifecycle);
            try {
                connector.start();
            } catch (IOException e) {
                connector = null;
                notes.append("; proc connector unavailable (").append(e.getMessage())
                        .append("): fork/exit learned from execs and a /proc sweep only");
                context.health().healthAlert("ProcConnectorUnavailable", e.getMessage());
            }
        }
        counters.processesSeeded.set(procFs.seed(context.processes()));

        configWatch = new ConfigChangeWatch(context.health(), counters, ourPid, settings.ruleKey(),
                readProc("loginuid"), readProc("sessionid"), lifecycle::resolve, () -> {
                    AuditStatusMonitor m = monitor;
                    if (m != null) {
                        m.checkNow();
                    }
                });
        AuditEventMapper mapper = new AuditEventMapper(context.events(), lifecycle, passwd, context.host(),
                new SocketInspector(), counters, configWatch, context.dnsCache(), context.writeBeforeExec(), installs,
                ContainerLookup.system());
        assembler = new AuditAssembler(mapper, counters, settings.inflightTimeoutMillis() * 1_000_000L,
                settings.inflightMax(), 1024, 8 * 1024 * 1024);

        control = AuditSocket.open(0);
        initial = control.getStatus(null);
        if (initial.enabled() == 2) {
            throw new CollectorException(NAME + ": the audit configuration is locked (enabled=2, auditctl -e 2); "
                    + "rules cannot be added until reboot. Remove -e 2 from the audit rules and reboot.");
        }
        previous = new PreviousSettings(java.nio.file.Path.of(settings.previousSettingsFile()));
        AuditStatus saved = null;
        try {
            saved = previous.load();
        } catch (IOException e) {
            context.health().healthAlert("AuditPreviousSettingsUnreadable", e.getMessage()
                    + "; the kernel's current audit settings are taken as the host's own and the file is rewritten");
        }
        if (saved != null) {
            // A run killed before it restored left the host's own settings: what the kernel has now is that run's.
            initial = new AuditStatus(initial.mask(), saved.enabled(), saved.failure(), initial.pid(),
                    initial.rateLimit(), saved.backlogLimit(), initial.lost(), initial.backlog(),
                    initial.featureBitmap(), saved.backlogWaitTime(), initial.backlogWaitTimeActual());
            previousSaved = true;
            notes.append("; the previous run did not restore the kernel's audit settings, restoring from ")
                    .append(previous.path()).append(" at stop (").append(initial.settings()).append(')');
        }
        mode = chooseMode(procFs);
        // The proc connector is polled at least this often when no record comes (see ProcConnector).
        reader.netlink().setReceiveTimeoutMillis(READ_TIMEOUT_MILLIS);
        if (mode == Mode.DAEMON) {
            saveBeforeChange();
            control.setStatus(AuditStatus.request(STATUS_FAILURE | STATUS_BACKLOG_LIMIT | STATUS_BACKLOG_WAIT_TIME,
                    0, settings.failureMode(), 0, settings.backlogLimit(), 0), null);
            settingsChanged = true;
        }
        List<AuditRuleData> installed = new ArrayList<>(AuditRules.build(ourPid, settings.ruleKey(),
                settings.inbound()));
        removeOurRules();
        rulesInstalled = true;
        for (AuditRuleData r : installed) {
            control.addRule(r);
        }
        if (mode == Mode.DAEMON) {
            installExclusions(installed, notes);
        }
        rules = List.copyOf(installed);
        if (initial.enabled() == 0) {
            saveBeforeChange();
            control.setStatus(AuditStatus.request(STATUS_ENABLED, 1, 0, 0, 0, 0), null);
            enabledChanged = true;
        }
        configWatch.ownChange(changesFrom, Times.nowNanos());
        monitor = new AuditStatusMonitor(new KernelControl(), context.health(), counters, ourPid,
                mode == Mode.DAEMON, settings.retakeAuditPid(), rules.size());
        running = true;
        readerThread = new Thread(this::readLoop, "hookline-audit-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        monitorThread = new Thread(this::monitorLoop, "hookline-audit-monitor");
        monitorThread.setDaemon(true);
        monitorThread.start();
        description = (mode == Mode.DAEMON
                ? "audit daemon (pid " + ourPid + "), backlog_limit " + settings.backlogLimit()
                    + ", backlog_wait_time 0, failure " + settings.failure().name().toLowerCase(java.util.Locale.ROOT)
                : "multicast reader (AUDIT_NLGRP_READLOG): pid " + initial.pid() + describe(initial.pid())
                    + " holds the audit pid, its settings are left alone")
                + ", " + rules.stream().filter(r -> settings.ruleKey().equals(r.key())).count() + " rules keyed \""
                + settings.ruleKey() + "\"" + notes;
    }

    /**
     * Saves the kernel's own settings before the first change, so a kill -9 cannot make the next run take Hookline's
     * settings for the host's. A file that cannot be written costs only that: the agent runs on, said in an alert.
     */
    private void saveBeforeChange() {
        if (previousSaved) {
            return;
        }
        try {
            previous.save(initial);
            previousSaved = true;
        } catch (IOException | RuntimeException e) {
            context.health().healthAlert("AuditPreviousSettingsNotSaved", previous.path() + ": " + e.getMessage()
                    + "; if the agent is killed before it stops, the next start cannot restore " + initial.settings());
        }
    }

    /**
     * Adds the record-type exclusions one by one: a kernel that refuses one (an older one may allow fewer fields on
     * the exclude list) only costs the saving, so it is noted and the agent runs on.
     */
    private void installExclusions(List<AuditRuleData> installed, StringBuilder notes) throws IOException {
        List<String> excluded = new ArrayList<>();
        for (int type : settings.excludedRecordTypes()) {
            String name = AuditRules.recordTypeName(type);
            AuditRuleData x = AuditRules.exclusion(ourPid, type);
            try {
                control.addRule(x);
                installed.add(x);
                excluded.add(name);
            } catch (NetlinkException e) {
                notes.append("; the kernel refused to exclude ").append(name).append(" records (")
                        .append(e.getMessage()).append("): they are received and ignored");
            }
        }
        if (!excluded.isEmpty()) {
            notes.append("; records not collected: ").append(String.join(", ", excluded));
        }
    }

    private Mode chooseMode(ProcFs procFs) throws IOException, CollectorException {
        int holder = initial.pid();
        boolean otherAlive = holder != 0 && holder != ourPid && procFs.alive(holder);
        if (!otherAlive) {
            reader = AuditSocket.open(0);
            reader.netlink().setReceiveBuffer(settings.receiveBufferBytes());
            try {
                reader.setStatus(AuditStatus.request(STATUS_PID, 0, 0, (int) ourPid, 0, 0), this::spill);
                return Mode.DAEMON;
            } catch (NetlinkException e) {
                reader.close();
                reader = null;
                if (e.errno() != LibC.EEXIST) {
                    throw new CollectorException(NAME + ": registering as the audit daemon failed: " + e.getMessage(), e);
                }
                holder = control.getStatus(null).pid();
            }
        }
        if (settings.refuseWhenTaken()) {
            throw new CollectorException(NAME + ": another audit daemon (pid " + holder + describe(holder)
                    + ") holds the audit pid and when_audit_pid_taken is 'refuse'. Stop it, or set "
                    + "when_audit_pid_taken: multicast to read its records through the audit multicast group.");
        }
        try {
            reader = AuditSocket.open(AUDIT_NLGRP_READLOG);
        } catch (NetlinkException e) {
            throw new CollectorException(NAME + ": another audit daemon (pid " + holder + describe(holder)
                    + ") holds the audit pid and joining the audit multicast group failed (" + e.getMessage()
                    + "); this needs CAP_AUDIT_READ and Linux 3.16+", e);
        }
        reader.netlink().setReceiveBuffer(settings.receiveBufferBytes());
        return Mode.MULTICAST;
    }

    private static String readProc(String name) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/" + name)).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Runs one of our own configuration changes, recording when it happened so its records are known as ours. */
    private void own(Step change) throws IOException {
        long from = Times.nowNanos();
        try {
            change.run();
        } finally {
            configWatch.ownChange(from, Times.nowNanos());
        }
    }

    /** Tests only: the watch that tells our configuration changes from others'. */
    ConfigChangeWatch configWatch() {
        return configWatch;
    }

    private static String describe(long pid) {
        try {
            return " (" + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/comm")).trim() + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Records that arrive while a request on the reader socket waits for its ack. */
    private void spill(int type, ByteBuffer buf, int off, int len) {
        if (type >= AUDIT_FIRST_USER_MSG && type != AUDIT_REPLACE) {
            record(type, buf, off, len, System.nanoTime());
        }
    }

    private void record(int type, ByteBuffer buf, int off, int len, long now) {
        counters.recordsReceived.incrementAndGet();
        int n = Math.min(Math.max(len, 0), text.length);
        buf.get(off, text, 0, n);
        RawRecorder rec = recorder;
        if (rec != null) {
            rec.record(type, text, 0, n);
        }
        AuditRecord r = AuditRecord.parse(type, text, n);
        if (r == null) {
            counters.parseErrors.incrementAndGet();
            return;
        }
        assembler.add(r, now);
    }

    /**
     * Receive timeout while records come: in-flight timeouts and the proc connector are checked at least this
     * often. Also how long a stop waits for a busy reader.
     */
    static final int READ_TIMEOUT_MILLIS = 250;
    /**
     * Receive timeout once a timeout found nothing in flight, until the next record: an idle reader wakes once a
     * second instead of four times (each idle wake-up costs about 70 µs of CPU on the bench VM). Stop waits as long
     * for the status monitor's one-second poll anyway.
     */
    static final int IDLE_READ_TIMEOUT_MILLIS = 1000;
    /** The reader's socket has the idle timeout set (reader thread only). */
    private boolean idleTimeout;
    private volatile long receiveTimeouts;
    /** Records per recvmmsg: several execs' worth (about 7 records each). */
    static final int BATCH_SLOTS = 64;
    /** MAX_AUDIT_MESSAGE_LENGTH (8970) plus the netlink header, rounded up: no record is ever cut. */
    static final int BATCH_SLOT_BYTES = 9 * 1024;

    private void readLoop() {
        ByteBuffer lock = reader.buffer(); // control requests on the reader socket read under this monitor too
        DatagramBatch batch = new DatagramBatch(BATCH_SLOTS, BATCH_SLOT_BYTES);
        EventSink sink = context.events();
        ReadPacer pacer = new ReadPacer(settings.readCoalesceMillis() * 1_000_000L);
        long lastTick = System.nanoTime();
        while (running) {
            lastTick = readSome(lock, batch, sink, lastTick, pacer);
        }
    }

    /** Receives per {@link #readSome} call. */
    static final int RECEIVES_PER_CALL = 64;

    /**
     * Up to {@link #RECEIVES_PER_CALL} receives. The loop lives here rather than in readLoop because the JIT
     * compiles a loop of a method that is called once only by on-stack replacement, after thousands of back-edges:
     * at 100 receives a second readLoop's own loop ran interpreted for the first minute (2-3 % of the agent's CPU
     * at that rate, counter overflows included), while this method is compiled after about ten calls.
     */
    private long readSome(ByteBuffer lock, DatagramBatch batch, EventSink sink, long lastTick, ReadPacer pacer) {
        for (int i = 0; i < RECEIVES_PER_CALL && running; i++) {
            pacer.pause();
            lastTick = readOnce(lock, batch, sink, lastTick, pacer);
        }
        return lastTick;
    }

    /** One receive and what follows it. */
    private long readOnce(ByteBuffer lock, DatagramBatch batch, EventSink sink, long lastTick, ReadPacer pacer) {
        boolean burst = false;
        try {
            synchronized (lock) {
                int n = reader.netlink().receive(batch);
                if (n > 0) {
                    pacer.received(n, n == batch.slots(), System.nanoTime());
                }
                pickTimeout(n);
                // Forks and exits queued so far, before these records: the fork of any exec in hand is there.
                pollConnector();
                if (n > 0) {
                    sink.beginBurst();
                    burst = true;
                }
                long now = n > 0 ? System.nanoTime() : 0;
                for (int i = 0; i < n; i++) {
                    datagram(batch, i, now);
                }
            }
        } catch (NetlinkException e) {
            if (e.errno() == LibC.ENOBUFS) {
                counters.netlinkOverruns.incrementAndGet();
            } else if (running) {
                counters.parseErrors.incrementAndGet();
                sleepQuietly(50);
            }
        } finally {
            if (burst) {
                endBurst(sink);
            }
        }
        long now = System.nanoTime();
        if (now - lastTick < 100_000_000L) {
            return lastTick;
        }
        try {
            assembler.tick(now);
        } catch (RuntimeException e) {
            counters.mapErrors.incrementAndGet();
        }
        return now;
    }

    /**
     * Switches between the busy and the idle receive timeout: a system call only when a quiet spell starts or ends,
     * never per exec.
     */
    private void pickTimeout(int received) {
        if (received > 0) {
            if (idleTimeout) {
                idleTimeout = false;
                reader.netlink().setReceiveTimeoutMillis(READ_TIMEOUT_MILLIS);
            }
            return;
        }
        receiveTimeouts++;
        if (!idleTimeout && assembler.inFlight() == 0) {
            idleTimeout = true;
            reader.netlink().setReceiveTimeoutMillis(IDLE_READ_TIMEOUT_MILLIS);
        }
    }

    /** Rules run here for this receive's events when the rule thread is idle: no hand-off per exec. */
    private void endBurst(EventSink sink) {
        try {
            sink.endBurst();
        } catch (RuntimeException e) {
            counters.mapErrors.incrementAndGet();
        }
    }

    private void pollConnector() {
        ProcConnector c = connector;
        if (c != null) {
            try {
                c.poll();
            } catch (RuntimeException e) {
                counters.mapErrors.incrementAndGet();
            }
        }
    }

    /** One datagram of a batch: one audit record (a cut one is counted as a parse error, never half-read). */
    private void datagram(DatagramBatch batch, int i, long now) {
        try {
            ByteBuffer buf = batch.datagram(i);
            int n = buf.limit();
            if (n < NetlinkSocket.NLMSG_HDRLEN) {
                return;
            }
            if (batch.truncated(i)) {
                counters.recordsReceived.incrementAndGet();
                counters.parseErrors.incrementAndGet();
                return;
            }
            int type = buf.getShort(4) & 0xffff;
            if (type >= AUDIT_FIRST_USER_MSG && type != AUDIT_REPLACE) {
                // One record per datagram; unicast nlmsg_len excludes the header (a kernel quirk).
                record(type, buf, NetlinkSocket.NLMSG_HDRLEN, n - NetlinkSocket.NLMSG_HDRLEN, now);
            }
        } catch (RuntimeException e) {
            counters.mapErrors.incrementAndGet();
        }
    }

    private void monitorLoop() {
        long lastSweep = System.nanoTime();
        while (running) {
            sleepQuietly(settings.statusPollMillis());
            if (!running) {
                break;
            }
            if (monitorPaused) {
                continue;
            }
            try {
                monitor.poll(System.nanoTime());
                if (System.nanoTime() - lastSweep >= 30_000_000_000L) {
                    lastSweep = System.nanoTime();
                    lifecycle.sweep(Times.nowNanos());
                }
            } catch (RuntimeException e) {
                counters.mapErrors.incrementAndGet();
            }
        }
    }

    /** Tests only: holds the status monitor so a takeover can be staged without racing the re-take. */
    void pauseMonitor(boolean paused) {
        monitorPaused = paused;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes every rule of ours (our key, or our record-type exclusions' shape), using the kernel's own bytes for
     * each. Returns how many.
     */
    private int removeOurRules() throws IOException {
        int n = 0;
        for (AuditRuleData r : control.listRules()) {
            if (AuditRules.isOurs(r, settings.ruleKey())) {
                control.deleteRule(r);
                n++;
            }
        }
        return n;
    }

    private int countOurRules() throws IOException {
        int n = 0;
        for (AuditRuleData r : control.listRules()) {
            if (AuditRules.isOurs(r, settings.ruleKey())) {
                n++;
            }
        }
        return n;
    }

    /** The monitor's view of the kernel, over the control socket (and the reader socket for the pid). */
    private final class KernelControl implements AuditStatusMonitor.Control {
        @Override
        public AuditStatus status() throws IOException {
            return control.getStatus(null);
        }

        @Override
        public void retakePid() throws IOException {
            // Sent from the reader socket: the kernel delivers records to the socket that registered. The answer
            // (an error when another daemon is alive) is not awaited; the next poll shows the result.
            own(() -> reader.sendOnly(AUDIT_SET, AuditStatus.request(STATUS_PID, 0, 0, (int) ourPid, 0, 0)));
        }

        @Override
        public int ourRuleCount() throws IOException {
            return countOurRules();
        }

        @Override
        public void reinstallRules() throws IOException {
            own(() -> {
                removeOurRules();
                for (AuditRuleData r : rules) {
                    control.addRule(r);
                }
            });
        }

        @Override
        public void enable() throws IOException {
            own(() -> control.setStatus(AuditStatus.request(STATUS_ENABLED, 1, 0, 0, 0, 0), null));
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(counters.snapshot());
        m.put("inflight_events", (long) (assembler == null ? 0 : assembler.inFlight()));
        m.put("receive_timeouts", receiveTimeouts); // the reader's idle wake-ups
        m.put("install_lookups", installs.lookups()); // execs under a package manager whose environment was read
        m.put("install_identified", installs.identified());
        ProcConnector c = connector;
        m.put("proc_forks", c == null ? 0 : c.forks());
        m.put("proc_exits", c == null ? 0 : c.exits());
        m.put("proc_messages", c == null ? 0 : c.messages());
        m.put("proc_connector_overruns", c == null ? 0 : c.overruns());
        m.put("proc_connector_errors", c == null ? 0 : c.malformed()); // cut datagrams, receive errors
        return m;
    }

    public AuditCounters auditCounters() {
        return counters;
    }

    /**
     * Stops the threads, removes exactly our rules and restores the kernel's audit settings. Safe to call more than
     * once and after a failed start; each step runs even when an earlier one failed, and failures are reported
     * as health alerts.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        join(monitorThread);
        join(readerThread);
        long changesFrom = Times.nowNanos();
        boolean restored = true;
        if (control != null) {
            if (rulesInstalled) {
                step("removing hookline's audit rules", this::removeOurRules);
            }
            if (settingsChanged) {
                restored &= step("restoring failure/backlog_limit/backlog_wait_time", () -> control.setStatus(AuditStatus.request(
                        STATUS_FAILURE | STATUS_BACKLOG_LIMIT | STATUS_BACKLOG_WAIT_TIME, 0, initial.failure(), 0,
                        initial.backlogLimit(), initial.backlogWaitTime()), null));
            }
            if (enabledChanged) {
                restored &= step("restoring enabled=" + initial.enabled(), () -> control.setStatus(
                        AuditStatus.request(STATUS_ENABLED, initial.enabled(), 0, 0, 0, 0), null));
            }
            if (mode == Mode.DAEMON && reader != null) {
                step("unregistering as the audit daemon", () -> {
                    if (control.getStatus(null).pid() == ourPid) {
                        reader.setStatus(AuditStatus.request(STATUS_PID, 0, 0, 0, 0, 0), this::spill);
                    }
                });
            }
        }
        if (previousSaved && restored && (settingsChanged || enabledChanged)) {
            // the kernel has the host's own settings back; a failed restore keeps the file for the next start
            step("deleting " + previous.path(), previous::delete);
        }
        if (configWatch != null) {
            // The clean-up's own CONFIG_CHANGE records can be spilled into the assembler while unregistering.
            configWatch.ownChange(changesFrom, Times.nowNanos());
        }
        if (assembler != null) {
            try {
                assembler.flush();
            } catch (RuntimeException e) {
                counters.mapErrors.incrementAndGet();
            }
        }
        if (connector != null) {
            connector.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (control != null) {
            control.close();
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private boolean step(String what, Step s) {
        try {
            s.run();
            return true;
        } catch (IOException | RuntimeException e) {
            context.health().healthAlert("AuditCleanupFailed", what + " failed: " + e.getMessage());
            return false;
        }
    }

    private static void join(Thread t) {
        if (t != null) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
