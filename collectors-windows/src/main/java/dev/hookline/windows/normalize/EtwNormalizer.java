package dev.hookline.windows.normalize;

import dev.hookline.collector.EventSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.net.IpClassifier;
import dev.hookline.net.IpText;
import dev.hookline.process.Account;
import dev.hookline.install.InstallContext;
import dev.hookline.install.InstallResolver;
import dev.hookline.install.SeenProbe;
import dev.hookline.process.Enrichment;
import dev.hookline.process.Paths;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.AdditionalFields;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.windows.decode.ClassicProcess;
import dev.hookline.windows.decode.Decoders;
import dev.hookline.windows.decode.FileOp;
import dev.hookline.windows.decode.ProcessStart;
import dev.hookline.windows.decode.TcpConnection;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.etw.Guids;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Turns decoded ETW events into MDE rows and keeps the process table current. Called on the ProcessTrace thread
 * only (not thread-safe).
 * <ul>
 * <li>Process: a start is reported in two halves in the same session: Kernel-Process ProcessStart (full image path,
 * creation time) and the SystemTraceProvider Process Start (command line, user SID). They are joined by pid; a half
 * whose partner has not arrived within the join window (event time) is reported alone, with AdditionalFields
 * saying which half was missing. The initiator is the creating process (the event header's pid), falling back to
 * the parent pid; the table entry of the new image is added when the row is emitted.</li>
 * <li>Network: Kernel-Network TCP connect → ConnectionSuccess (the event is raised for an established connection),
 * accept → InboundConnectionAccepted; RemoteIPType/LocalIPType by {@link IpClassifier}.</li>
 * <li>File: CreateNewFile → FileCreated; Write → FileModified once per file object (not for a file this object
 * created), its name joined from the Create event of the same FileObject; DeletePath → FileDeleted; RenamePath →
 * FileRenamed. Directories are skipped. The initiator is the header's pid.</li>
 * </ul>
 * Paths are converted from NT device form to drive letters; FolderPath holds the full path, as the other
 * collectors do.
 * <p>
 * Accounts: the {@link SidResolver} answers without blocking. A joined process start whose user SID the resolver
 * has not settled yet waits, at most the account wait (wall clock, checked at each event), for the names; past it
 * the row goes out with AccountSid only (account_wait_timeouts, flagged AccountNameUnresolved) and the process-table entry gets
 * the names when they arrive, so the process's later rows carry them as InitiatingProcessAccount*.
 */
public final class EtwNormalizer {
    public static final long DEFAULT_JOIN_WINDOW_NANOS = 1_000_000_000L;
    /** A local account lookup takes well under a millisecond; a domain one a round trip to a domain controller. */
    public static final long DEFAULT_ACCOUNT_WAIT_NANOS = 200_000_000L;
    static final int UNFILLED_CAPACITY = 1_024;
    /** How often rows still waiting for names are looked at (wall clock), so a busy stream does not pay per event. */
    static final long ACCOUNT_CHECK_NANOS = 2_000_000L;
    static final int FILE_NAME_CAPACITY = 16_384;

    private final EventSink sink;
    private final ProcessTable table;
    private final HostIdentity host;
    private final SidResolver sids;
    private final DevicePaths paths;
    private final boolean expectCommandLines;
    private final long joinWindowNanos;
    private final long agentPid;
    private final long accountWaitNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<Long, Pending> awaitingAccount = new LinkedHashMap<>();
    private final ArrayDeque<Unfilled> unfilled = new ArrayDeque<>();
    private long lastAccountCheck;
    private final Event scratch = new Event();
    private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
    private final FileNames names = new FileNames(FILE_NAME_CAPACITY);
    private long reportId;

    final AtomicLong processEvents = new AtomicLong();
    final AtomicLong networkEvents = new AtomicLong();
    final AtomicLong fileEvents = new AtomicLong();
    final AtomicLong parseErrors = new AtomicLong();
    final AtomicLong ignored = new AtomicLong();
    final AtomicLong joinTimeouts = new AtomicLong();
    final AtomicLong unnamedWrites = new AtomicLong();
    final AtomicLong initiatorUnknown = new AtomicLong();
    final AtomicLong sinkDropped = new AtomicLong();
    final AtomicLong ownEvents = new AtomicLong();
    /** RenamePath events whose FilePath was the new name, the old name, or could not be told (no known name). */
    final AtomicLong renamePathIsNew = new AtomicLong();
    final AtomicLong renamePathIsOld = new AtomicLong();
    final AtomicLong renamePathUndecided = new AtomicLong();
    /** Process rows held for their account names; of those and the others, rows that went out without them. */
    final AtomicLong accountWaits = new AtomicLong();
    final AtomicLong accountWaitTimeouts = new AtomicLong();
    final AtomicLong accountsFilledLater = new AtomicLong();

    /**
     * @param expectCommandLines true when the session also carries SystemTraceProvider Process events, so a
     *                           Kernel-Process start waits for its command-line half
     */
    /** Install context of children of package managers (msiexec custom actions, npm and pip scripts). */
    private final SeenProbe installProbe = new SeenProbe();
    private final InstallResolver installs = new InstallResolver(installProbe);

    public EtwNormalizer(EventSink sink, ProcessTable table, HostIdentity host, SidResolver sids, DevicePaths paths,
                         boolean expectCommandLines, long joinWindowNanos, long agentPid) {
        this(sink, table, host, sids, paths, expectCommandLines, joinWindowNanos, agentPid,
                DEFAULT_ACCOUNT_WAIT_NANOS, System::nanoTime);
    }

    /**
     * @param accountWaitNanos how long a process row may wait for its account names (wall clock)
     * @param clock            monotonic wall-clock nanoseconds (System::nanoTime)
     */
    public EtwNormalizer(EventSink sink, ProcessTable table, HostIdentity host, SidResolver sids, DevicePaths paths,
                         boolean expectCommandLines, long joinWindowNanos, long agentPid, long accountWaitNanos,
                         LongSupplier clock) {
        this.accountWaitNanos = accountWaitNanos;
        this.clock = clock;
        this.lastAccountCheck = clock.getAsLong() - ACCOUNT_CHECK_NANOS;
        this.sink = sink;
        this.table = table;
        this.host = host;
        this.sids = sids;
        this.paths = paths;
        this.expectCommandLines = expectCommandLines;
        this.joinWindowNanos = joinWindowNanos;
        this.agentPid = agentPid;
    }

    public void accept(EtwRecord r) {
        long nanos = Filetime.toEpochNanos(r.timestamp());
        expire(nanos);
        if (!awaitingAccount.isEmpty() || !unfilled.isEmpty()) {
            checkAccounts(false);
        }
        if (r.isProvider(Guids.KERNEL_PROCESS)) {
            kernelProcess(r, nanos);
        } else if (r.isProvider(Guids.PROCESS_CLASS)) {
            classicProcess(r, nanos);
        } else if (r.isProvider(Guids.KERNEL_NETWORK)) {
            network(r, nanos);
        } else if (r.isProvider(Guids.KERNEL_FILE)) {
            file(r, nanos);
        } else {
            ignored.incrementAndGet();
        }
    }

    /** Reports every half-joined process start now (at close). */
    public void flush() {
        while (!pending.isEmpty()) {
            Iterator<Pending> it = pending.values().iterator();
            Pending p = it.next();
            it.remove();
            emitProcess(p);
        }
        checkAccounts(true);
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = new TreeMap<>();
        m.put("processEvents", processEvents.get());
        m.put("networkEvents", networkEvents.get());
        m.put("fileEvents", fileEvents.get());
        m.put("parseErrors", parseErrors.get());
        m.put("ignoredEvents", ignored.get());
        m.put("processJoinTimeouts", joinTimeouts.get());
        m.put("unnamedWrites", unnamedWrites.get());
        m.put("initiatorUnknown", initiatorUnknown.get());
        m.put("sinkDropped", sinkDropped.get());
        m.put("ownEventsSkipped", ownEvents.get());
        m.put("renamePathIsNew", renamePathIsNew.get());
        m.put("renamePathIsOld", renamePathIsOld.get());
        m.put("renamePathUndecided", renamePathUndecided.get());
        m.put("pendingProcessStarts", (long) pending.size());
        m.put("account_waits", accountWaits.get());
        m.put("account_wait_timeouts", accountWaitTimeouts.get());
        m.put("accounts_filled_later", accountsFilledLater.get());
        // a level (a gauge in Prometheus: the name ends in _held)
        m.put("account_rows_held", (long) awaitingAccount.size());
        return m;
    }

    // ---- processes

    private static final class Pending {
        final long pid;
        final long firstNanos;
        ProcessStart kernel;
        long kernelNanos;
        long creatorPid;
        long accountDeadline;
        ClassicProcess classic;
        long classicNanos;

        Pending(long pid, long firstNanos) {
            this.pid = pid;
            this.firstNanos = firstNanos;
        }
    }

    private void kernelProcess(EtwRecord r, long nanos) {
        if (r.id() == 1) {
            ProcessStart ps = Decoders.processStart(r.version(), r.userData(), r.pointerSize());
            if (ps == null) {
                parseErrors.incrementAndGet();
                return;
            }
            Pending p = pending.computeIfAbsent(ps.processId(), pid -> new Pending(pid, nanos));
            p.kernel = ps;
            p.kernelNanos = nanos;
            p.creatorPid = r.processId();
            if (!expectCommandLines || p.classic != null) {
                pending.remove(ps.processId());
                joined(p);
            }
        } else if (r.id() == 2) {
            long pid = Decoders.processStopPid(r.userData());
            if (pid < 0) {
                parseErrors.incrementAndGet();
                return;
            }
            Pending p = pending.remove(pid);
            if (p != null) {
                emitProcess(p);
            }
            Pending waiting = awaitingAccount.remove(pid);
            if (waiting != null) {
                emitProcess(waiting); // before its exit, whatever the lookup says
            }
            table.exited(pid, nanos);
        } else {
            ignored.incrementAndGet();
        }
    }

    private void classicProcess(EtwRecord r, long nanos) {
        int op = r.opcode();
        if (op != ClassicProcess.START && op != ClassicProcess.DC_START) {
            ignored.incrementAndGet();
            return;
        }
        ClassicProcess cp = Decoders.classicProcess(r.version(), op, r.userData(), r.pointerSize());
        if (cp == null) {
            parseErrors.incrementAndGet();
            return;
        }
        if (op == ClassicProcess.DC_START) {
            enrichRunning(cp);
            return;
        }
        Pending p = pending.computeIfAbsent(cp.processId(), pid -> new Pending(pid, nanos));
        p.classic = cp;
        p.classicNanos = nanos;
        if (p.kernel != null) {
            pending.remove(cp.processId());
            joined(p);
        }
    }

    /** Both halves are in: the row goes out now, or waits for its account names if they are being looked up. */
    private void joined(Pending p) {
        String sid = p.classic == null ? null : p.classic.userSid();
        if (sid != null && !sids.settled(sid)) {
            sids.account(sid); // a miss: queues the lookup
            p.accountDeadline = clock.getAsLong() + accountWaitNanos;
            awaitingAccount.put(p.pid, p);
            accountWaits.incrementAndGet();
            return;
        }
        emitProcess(p);
    }

    /**
     * Emits the held rows whose names are in or whose wait is over (all of them when {@code all}), and gives
     * table entries that went out without names the names that arrived since.
     */
    private void checkAccounts(boolean all) {
        long now = clock.getAsLong();
        if (!all && now - lastAccountCheck < ACCOUNT_CHECK_NANOS) {
            return;
        }
        lastAccountCheck = now;
        Iterator<Pending> it = awaitingAccount.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (all || sids.settled(p.classic.userSid()) || now - p.accountDeadline >= 0) {
                it.remove();
                emitProcess(p);
            }
        }
        Iterator<Unfilled> u = unfilled.iterator();
        while (u.hasNext()) {
            Unfilled f = u.next();
            if (!sids.settled(f.sid)) {
                continue;
            }
            u.remove();
            ProcessInfo cur = table.get(f.pid);
            Account a = sids.account(f.sid);
            if (cur != null && !cur.exited() && cur.creationTimeNanos() == f.created && cur.account().name() == null
                    && a.name() != null) {
                table.put(new ProcessInfo(cur.pid(), cur.ppid(), cur.creationTimeNanos(), cur.imagePath(),
                        cur.commandLine(), cur.uid(), a, cur.install(), cur.container()));
                accountsFilledLater.incrementAndGet();
            }
        }
    }

    /** A table entry put without account names while its SID was being looked up. */
    private record Unfilled(long pid, long created, String sid) {
    }

    private void fillLater(ProcessInfo image) {
        if (unfilled.size() >= UNFILLED_CAPACITY) {
            unfilled.pollFirst();
        }
        unfilled.addLast(new Unfilled(image.pid(), image.creationTimeNanos(), image.account().sid()));
    }

    /** Session-start rundown: fills in the command line and owner of processes seeded without them. */
    private void enrichRunning(ClassicProcess cp) {
        ProcessInfo cur = table.get(cp.processId());
        if (cur == null || cur.exited() || (cur.commandLine() != null && cur.account().sid() != null)) {
            return;
        }
        Account acct = cur.account().sid() != null ? cur.account() : sids.account(cp.userSid());
        String cmd = cur.commandLine() != null ? cur.commandLine() : cp.commandLine();
        String image = cur.imagePath() != null ? cur.imagePath() : cp.imageFileName();
        long ppid = cur.ppid() > 0 ? cur.ppid() : cp.parentId();
        ProcessInfo enriched = new ProcessInfo(cur.pid(), ppid, cur.creationTimeNanos(), image, cmd, -1, acct);
        table.put(enriched);
        if (acct.sid() != null && !sids.settled(acct.sid())) {
            fillLater(enriched);
        }
    }

    private void expire(long nowNanos) {
        while (!pending.isEmpty()) {
            Iterator<Pending> it = pending.values().iterator();
            Pending p = it.next();
            if (nowNanos == Event.NULL || nowNanos - p.firstNanos <= joinWindowNanos) {
                return;
            }
            it.remove();
            joinTimeouts.incrementAndGet();
            emitProcess(p);
        }
    }

    private ProcessInfo imageOf(Pending p) {
        ProcessStart k = p.kernel;
        ClassicProcess c = p.classic;
        long ppid = k != null ? k.parentProcessId() : c.parentId();
        long created = k != null ? Filetime.toEpochNanos(k.createTimeFiletime()) : p.classicNanos;
        if (created == Event.NULL) {
            created = k != null ? p.kernelNanos : p.classicNanos;
        }
        String image = k != null ? paths.toDos(k.imageName()) : c.imageFileName();
        String cmd = c != null ? c.commandLine() : null;
        Account acct = c != null ? sids.account(c.userSid()) : Account.UNKNOWN;
        return new ProcessInfo(p.pid, ppid, created, image, cmd, -1, acct);
    }

    private void emitProcess(Pending p) {
        if (p.kernel == null && p.classic == null) {
            return;
        }
        ProcessInfo image = imageOf(p);
        long nanos = p.kernel != null ? p.kernelNanos : p.classicNanos;
        long creator = p.kernel != null && p.creatorPid > 0 && p.creatorPid != p.pid ? p.creatorPid : image.ppid();
        ProcessInfo initiator = creator > 0 ? table.getAt(creator, nanos) : null;
        ProcessInfo parent = image.ppid() == creator ? initiator : table.getAt(image.ppid(), nanos);
        if (parent != null && (parent.manager() != null || parent.install() != null)) {
            // ETW gives no environment: paths and the manager's own command line (msiexec /i X.msi, npm install x)
            installProbe.sawExec(image.pid(), null);
            InstallContext install = installs.resolve(image.pid(), image.imagePath(), image.commandLine(),
                    parent.manager(), parent.commandLine(), parent.install());
            image = new ProcessInfo(image.pid(), image.ppid(), image.creationTimeNanos(), image.imagePath(),
                    image.commandLine(), image.uid(), image.account(), install, null);
        }
        Event e = begin(Table.DeviceProcessEvents, nanos, "ProcessCreated");
        Enrichment.fillCreated(e, image);
        long session = p.kernel != null ? p.kernel.sessionId() : p.classic.sessionId();
        e.set(Columns.CREATED_PROCESS_SESSION_ID, session);
        if (initiator == null) {
            initiatorUnknown.incrementAndGet();
            if (creator > 0) {
                e.set(Columns.INITIATING_PROCESS_ID, creator);
            }
        }
        Enrichment.fillInitiating(e, initiator, table);
        AdditionalFields notes = new AdditionalFields();
        if (image.install() != null && image.install().identified()) {
            // Without an environment, "under npm, package unknown" is every npm child: only a named one is news.
            Enrichment.addInstall(notes, image);
        }
        if (p.kernel == null) {
            notes.put("ImagePathSource", "SystemTraceProvider ImageFileName");
        }
        if (p.classic == null && expectCommandLines) {
            notes.put("CommandLineSource", "missing");
        }
        if (p.kernel != null && creator != image.ppid()) {
            notes.put("ParentProcessId", Long.toString(image.ppid()));
        }
        if (p.kernel != null && p.kernel.mandatoryLabel() != null) {
            notes.put("MandatoryLabel", p.kernel.mandatoryLabel());
        }
        boolean unresolved = image.account().sid() != null && !sids.settled(image.account().sid());
        if (unresolved) {
            accountWaitTimeouts.incrementAndGet();
            notes.flag("AccountNameUnresolved", true);
        }
        notes.applyTo(e);
        table.put(image);
        if (unresolved) {
            fillLater(image);
        }
        publish(e, processEvents);
    }

    /** The image running as pid at the time: a pending (half-joined) start first, then the table. */
    private ProcessInfo initiator(long pid, long nanos) {
        Pending p = pending.get(pid);
        if (p == null) {
            p = awaitingAccount.get(pid);
        }
        if (p != null) {
            return imageOf(p);
        }
        return pid > 0 ? table.getAt(pid, nanos) : null;
    }

    // ---- network

    private void network(EtwRecord r, long nanos) {
        int id = r.id();
        if (id != 12 && id != 15 && id != 28 && id != 31) {
            ignored.incrementAndGet();
            return;
        }
        TcpConnection c = Decoders.tcp(id, r.userData());
        if (c == null) {
            parseErrors.incrementAndGet();
            return;
        }
        if (c.processId() == agentPid) {
            ownEvents.incrementAndGet();
            return;
        }
        Event e = begin(Table.DeviceNetworkEvents, nanos, c.accept() ? "InboundConnectionAccepted" : "ConnectionSuccess");
        e.set(Columns.REMOTE_IP, IpText.format(c.remoteAddress()));
        e.set(Columns.REMOTE_PORT, c.remotePort());
        e.set(Columns.REMOTE_IP_TYPE, IpClassifier.classify(c.remoteAddress()));
        e.set(Columns.LOCAL_IP, IpText.format(c.localAddress()));
        e.set(Columns.LOCAL_PORT, c.localPort());
        e.set(Columns.LOCAL_IP_TYPE, IpClassifier.classify(c.localAddress()));
        e.set(Columns.PROTOCOL, "Tcp");
        fillInitiator(e, c.processId(), nanos);
        publish(e, networkEvents);
    }

    // ---- files

    private void file(EtwRecord r, long nanos) {
        FileOp op = Decoders.file(r.id(), r.version(), r.userData(), r.pointerSize());
        if (op == null) {
            if (r.id() == 12 || r.id() == 16 || r.id() == 26 || r.id() == 27 || r.id() == 30) {
                parseErrors.incrementAndGet();
            } else {
                ignored.incrementAndGet();
            }
            return;
        }
        long pid = r.processId();
        switch (op.kind()) {
            case CREATE: {
                if ((op.createOptions() & FileOp.FILE_DIRECTORY_FILE) != 0) {
                    return;
                }
                String path = paths.toDos(op.path());
                FileNames.Entry known = names.get(op.fileObject());
                // A Create of the same file object right after its CreateNewFile is the same open: keeping the
                // "created" mark stops its writes from also being reported as FileModified.
                if (known != null && known.created && path != null && path.equalsIgnoreCase(known.path)) {
                    return;
                }
                names.put(op.fileObject(), path, false);
                return;
            }
            case CREATE_NEW_FILE: {
                if ((op.createOptions() & FileOp.FILE_DIRECTORY_FILE) != 0) {
                    ignored.incrementAndGet();
                    return;
                }
                String path = paths.toDos(op.path());
                names.put(op.fileObject(), path, true);
                emitFile(pid, nanos, "FileCreated", path, null);
                return;
            }
            case WRITE: {
                FileNames.Entry n = names.get(op.fileObject());
                if (n == null) {
                    unnamedWrites.incrementAndGet();
                    return;
                }
                if (n.created || n.reported) {
                    return;
                }
                n.reported = true;
                emitFile(pid, nanos, "FileModified", n.path, null);
                return;
            }
            case DELETE_PATH: {
                String path = op.path() != null && !op.path().isEmpty() ? paths.toDos(op.path()) : pathOf(op.fileObject());
                emitFile(pid, nanos, "FileDeleted", path, null);
                return;
            }
            case RENAME_PATH: {
                // The manifest does not say whether FilePath is the new or the old name (the older kernel rename
                // event carries only the old one). Told apart by the name the file object was opened with; the
                // counts of each form go to the self-description so the first real host tells us.
                String path = paths.toDos(op.path());
                String before = pathOf(op.fileObject());
                if (before == null) {
                    renamePathUndecided.incrementAndGet();
                    emitFile(pid, nanos, "FileRenamed", path, null);
                } else if (before.equalsIgnoreCase(path)) {
                    // FilePath is the old name: the new one is not in the event; never report the old as the new
                    renamePathIsOld.incrementAndGet();
                    emitRenameToUnknown(pid, nanos, before);
                } else {
                    renamePathIsNew.incrementAndGet();
                    emitFile(pid, nanos, "FileRenamed", path, before);
                    names.put(op.fileObject(), path, false);
                }
                return;
            }
            default:
                ignored.incrementAndGet();
        }
    }

    /** A rename whose new name is unknown: the old name as Previous*, no FileName/FolderPath, flagged. */
    private void emitRenameToUnknown(long pid, long nanos, String previous) {
        if (pid == agentPid) {
            ownEvents.incrementAndGet();
            return;
        }
        Event e = begin(Table.DeviceFileEvents, nanos, "FileRenamed");
        e.set(Columns.PREVIOUS_FILE_NAME, Paths.fileName(previous));
        e.set(Columns.PREVIOUS_FOLDER_PATH, previous);
        new AdditionalFields().flag("NewNameUnknown", true).applyTo(e);
        fillInitiator(e, pid, nanos);
        publish(e, fileEvents);
    }

    /** Which RenamePath FilePath form this host produced, for the collector's self-description. */
    public String renameDirection() {
        long nw = renamePathIsNew.get();
        long old = renamePathIsOld.get();
        if (nw == 0 && old == 0) {
            return "not seen yet";
        }
        if (old == 0) {
            return "FilePath is the new name (" + nw + ")";
        }
        if (nw == 0) {
            return "FilePath is the old name (" + old + ")";
        }
        return "both: new name " + nw + ", old name " + old;
    }

    private String pathOf(long fileObject) {
        FileNames.Entry n = names.get(fileObject);
        return n == null ? null : n.path;
    }

    private void emitFile(long pid, long nanos, String action, String path, String previous) {
        if (path == null) {
            parseErrors.incrementAndGet();
            return;
        }
        if (pid == agentPid) {
            ownEvents.incrementAndGet();
            return;
        }
        Event e = begin(Table.DeviceFileEvents, nanos, action);
        e.set(Columns.FILE_NAME, Paths.fileName(path));
        e.set(Columns.FOLDER_PATH, path);
        if (previous != null) {
            e.set(Columns.PREVIOUS_FILE_NAME, Paths.fileName(previous));
            e.set(Columns.PREVIOUS_FOLDER_PATH, previous);
        }
        fillInitiator(e, pid, nanos);
        publish(e, fileEvents);
    }

    // ---- common

    private void fillInitiator(Event e, long pid, long nanos) {
        ProcessInfo p = initiator(pid, nanos);
        if (p == null) {
            initiatorUnknown.incrementAndGet();
            if (pid > 0) {
                e.set(Columns.INITIATING_PROCESS_ID, pid);
            }
        }
        Enrichment.fillInitiating(e, p, table);
    }

    private Event begin(Table t, long nanos, String action) {
        Event e = scratch.reset(t);
        e.set(Columns.TIMESTAMP, nanos);
        if (host != null) {
            e.set(Columns.DEVICE_NAME, host.deviceName());
            e.set(Columns.DEVICE_ID, host.deviceId());
        }
        e.set(Columns.ACTION_TYPE, action);
        e.set(Columns.REPORT_ID, ++reportId);
        return e;
    }

    private void publish(Event e, AtomicLong counter) {
        if (sink.publish(e)) {
            counter.incrementAndGet();
        } else {
            sinkDropped.incrementAndGet();
        }
    }

    /** FileObject → path, bounded (least recently used dropped): Write events carry no name. */
    static final class FileNames {
        static final class Entry {
            final String path;
            final boolean created;
            boolean reported;

            Entry(String path, boolean created) {
                this.path = path;
                this.created = created;
            }
        }

        private final LinkedHashMap<Long, Entry> map;

        FileNames(int capacity) {
            this.map = new LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                    return size() > capacity;
                }
            };
        }

        void put(long fileObject, String path, boolean created) {
            if (path != null) {
                map.put(fileObject, new Entry(path, created));
            }
        }

        Entry get(long fileObject) {
            return map.get(fileObject);
        }

        int size() {
            return map.size();
        }
    }
}
