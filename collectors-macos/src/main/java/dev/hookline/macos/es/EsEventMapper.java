package dev.hookline.macos.es;

import dev.hookline.process.CommandLines;
import dev.hookline.collector.EventSink;
import dev.hookline.collector.HostIdentity;
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
import dev.hookline.schema.Times;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * Turns eslogger messages into MDE rows and keeps the shared process table current.
 * <ul>
 * <li>exec → DeviceProcessEvents ProcessCreated. The created process is the exec target: FolderPath = its
 * executable path (full path, as MDE has it), FileName its last component, ProcessCommandLine from args, Account*
 * from the euid, ProcessCreationTime from the target's start_time. The initiating process is the target's PARENT
 * (parent_audit_token pid + pidversion, else ppid) as the table knew it — never the pre-exec
 * image of the same pid. signing_id, team_id, original_ppid, cwd and script go to AdditionalFields.</li>
 * <li>fork → a table entry for the child (a copy of the parent's image, as on Linux); exit → marks it exited.
 * Neither emits a row (MDE reports created images, not forks).</li>
 * <li>create → FileCreated; write and close(modified) → FileModified, one per burst ({@link WriteBursts});
 * rename → FileRenamed with PreviousFolderPath/PreviousFileName; unlink → FileDeleted. The initiating process
 * is the message's process as the table knows it, else as the message describes it.</li>
 * </ul>
 * A truncated path is reported as is (a prefix) and flagged in AdditionalFields. Single-threaded.
 */
public final class EsEventMapper {
    /** Default quiet period that ends a write burst, and the longest burst before a new row. */
    public static final long DEFAULT_QUIET_NANOS = 2_000_000_000L;
    public static final long DEFAULT_MAX_BURST_NANOS = 60_000_000_000L;

    private final EventSink sink;
    private final ProcessTable table;
    private final HostIdentity host;
    private final LongFunction<Account> accounts;
    private final LongFunction<ProcessInfo> resolver;
    private final LongPredicate ignoredPid;
    private final WriteBursts bursts;
    private final Event scratch = new Event();

    private long lastGlobalSeq = -1;
    /** pid → pidversion of the image this mapper last put in the table (macOS pids stay below 100000). */
    private final Map<Long, Long> pidVersions = new HashMap<>();
    /** Added to global_seq_num for ReportId; moved past every id already given when eslogger restarts. */
    private long reportBase;
    private long lastReportId = -1;
    private long parentByToken;
    private long parentByPpid;
    private long parentPidReused;
    private long processEvents;
    private long fileEvents;
    private long forks;
    private long exits;
    private long ignoredEvents;
    private long unknownEvents;
    private long incomplete;
    private long initiatorUnknown;
    private long seqGap;
    private long sinkDropped;
    private long truncatedPaths;

    /**
     * @param accounts   uid → Account (cached by the caller)
     * @param resolver   pid → what the OS shows now (libproc on macOS), or null; used when the table misses
     * @param ignoredPid pids whose file activity is not reported (the agent itself, eslogger)
     */
    /** Install context of children of package managers (.pkg scripts, npm and pip scripts). */
    private final SeenProbe installProbe = new SeenProbe();
    private final InstallResolver installs = new InstallResolver(installProbe);

    public EsEventMapper(EventSink sink, ProcessTable table, HostIdentity host, LongFunction<Account> accounts,
                         LongFunction<ProcessInfo> resolver, LongPredicate ignoredPid, long quietNanos,
                         long maxBurstNanos) {
        this.sink = sink;
        this.table = table;
        this.host = host;
        this.accounts = accounts == null ? uid -> Account.UNKNOWN : accounts;
        this.resolver = resolver;
        this.ignoredPid = ignoredPid == null ? pid -> false : ignoredPid;
        this.bursts = new WriteBursts(quietNanos, maxBurstNanos);
        this.reportBase = Times.nowNanos() / 1000;
    }

    /**
     * A new eslogger run starts its sequence numbers again. ReportId is base + global_seq_num; the base starts at
     * the epoch microsecond the mapper was made and moves past the largest id given so far (or to now, if later) at
     * each restart, so ids stay unique across eslogger and agent restarts (unless an agent run averaged more than
     * one message per microsecond).
     */
    public void resetSequence() {
        lastGlobalSeq = -1;
        reportBase = Math.max(lastReportId + 1, Times.nowNanos() / 1000);
    }

    public void accept(EsMessage m) {
        if (m == null) {
            return;
        }
        if (m.globalSeqNum() >= 0) {
            if (lastGlobalSeq >= 0 && m.globalSeqNum() > lastGlobalSeq + 1) {
                seqGap += m.globalSeqNum() - lastGlobalSeq - 1;
            }
            lastGlobalSeq = m.globalSeqNum();
        }
        long t = m.timeNanos() == Event.NULL ? Times.nowNanos() : m.timeNanos();
        switch (m.kind()) {
            case EXEC:
                exec(m, t);
                break;
            case FORK:
                fork(m, t);
                break;
            case EXIT:
                if (m.process() != null && m.process().pid() > 0) {
                    table.exited(m.process().pid(), t);
                    exits++;
                } else {
                    incomplete++;
                }
                break;
            case CREATE:
            case WRITE:
            case CLOSE:
            case RENAME:
            case UNLINK:
                file(m, t);
                break;
            default:
                unknownEvents++;
        }
    }

    private Event begin(Table tbl, long t, String action, EsMessage m) {
        Event e = scratch.reset(tbl);
        e.set(Columns.TIMESTAMP, t);
        if (host != null) {
            e.set(Columns.DEVICE_NAME, host.deviceName());
            e.set(Columns.DEVICE_ID, host.deviceId());
        }
        e.set(Columns.ACTION_TYPE, action);
        if (m.globalSeqNum() >= 0) {
            long id = reportBase + m.globalSeqNum();
            lastReportId = Math.max(lastReportId, id);
            e.set(Columns.REPORT_ID, id);
        }
        return e;
    }

    private void exec(EsMessage m, long t) {
        EsMessage.Exec x = m.exec();
        EsProcess target = x == null ? null : x.target();
        if (target == null || target.pid() <= 0 || target.path() == null) {
            incomplete++;
            return;
        }
        String cmd = x.args().isEmpty() ? target.path() : CommandLines.join(x.args());
        // start_time is the process's own start (its fork), which MDE's ProcessCreationTime means; exec time else
        long created = target.startTimeNanos() != Event.NULL ? target.startTimeNanos() : t;
        long parentPid = target.parentPid() > 0 ? target.parentPid() : target.ppid();
        ProcessInfo image = new ProcessInfo(target.pid(), parentPid, created, target.path(), cmd, target.euid(),
                accounts.apply(target.euid()));
        ProcessInfo parent = parent(target, parentPid, t);
        if (parent != null && (parent.manager() != null || parent.install() != null)) {
            // eslogger gives no environment but the exec's cwd: node_modules/<pkg>, a .pkg script's path and
            // arguments, the manager's own command line (installer -pkg X.pkg, npm install x)
            installProbe.sawExec(target.pid(), x.cwd());
            InstallContext install = installs.resolve(target.pid(), target.path(), cmd, parent.manager(),
                    parent.commandLine(), parent.install());
            image = new ProcessInfo(target.pid(), parentPid, created, target.path(), cmd, target.euid(),
                    image.account(), install, null);
        }
        Event e = begin(Table.DeviceProcessEvents, t, "ProcessCreated", m);
        Enrichment.fillCreated(e, image);
        if (parent != null) {
            Enrichment.fillInitiating(e, parent, table);
        } else {
            initiatorUnknown++;
            if (parentPid > 0) {
                e.set(Columns.INITIATING_PROCESS_ID, parentPid);
            }
        }
        AdditionalFields n = new AdditionalFields()
                .put("SigningId", target.signingId())
                .put("TeamId", emptyToNull(target.teamId()))
                .flag("PlatformBinary", target.platformBinary())
                .put("Cwd", x.cwd())
                .put("Script", x.script());
        if (image.install() != null && image.install().identified()) {
            // Without an environment, "under npm, package unknown" is every npm child: only a named one is news.
            Enrichment.addInstall(n, image);
        }
        if (target.originalPpid() > 0 && target.originalPpid() != target.ppid()) {
            n.put("OriginalParentProcessId", target.originalPpid());
        }
        if (target.pathTruncated()) {
            truncatedPaths++;
            n.flag("PathTruncated", true);
        }
        n.applyTo(e);
        table.put(image);
        remember(target);
        publish(e);
        processEvents++;
    }

    /**
     * The parent by parent_audit_token (pid and pidversion), else by ppid. When the table's entry for that pid was
     * put for another pidversion, it is a different process that reused the pid: no initiator rather than a
     * wrong one.
     */
    private ProcessInfo parent(EsProcess target, long parentPid, long t) {
        if (target.parentPid() <= 0) {
            parentByPpid++;
            return lookup(parentPid, t);
        }
        parentByToken++;
        Long known = pidVersions.get(parentPid);
        if (known != null && target.parentPidVersion() >= 0 && known != target.parentPidVersion()) {
            parentPidReused++;
            return null;
        }
        return lookup(parentPid, t);
    }

    private void remember(EsProcess p) {
        if (p.pid() > 0 && p.pidVersion() >= 0) {
            pidVersions.put(p.pid(), p.pidVersion());
        }
    }

    private void fork(EsMessage m, long t) {
        EsProcess child = m.forkChild();
        EsProcess parentMsg = m.process();
        if (child == null || child.pid() <= 0 || parentMsg == null) {
            incomplete++;
            return;
        }
        ProcessInfo parent = initiator(parentMsg, t);
        table.put(new ProcessInfo(child.pid(), parentMsg.pid(), t, parent.imagePath(), parent.commandLine(),
                child.euid() >= 0 ? child.euid() : parent.uid(),
                child.euid() >= 0 ? accounts.apply(child.euid()) : parent.account()));
        remember(child);
        forks++;
    }

    private void file(EsMessage m, long t) {
        EsMessage.FileOp f = m.file();
        EsProcess p = m.process();
        if (f == null || f.path() == null || p == null) {
            incomplete++;
            return;
        }
        if (ignoredPid.test(p.pid())) {
            ignoredEvents++;
            return;
        }
        String action;
        switch (m.kind()) {
            case CREATE:
                bursts.created(p.pid(), f.path(), t);
                action = "FileCreated";
                break;
            case WRITE:
                if (!bursts.write(p.pid(), f.path(), t)) {
                    return;
                }
                action = "FileModified";
                break;
            case CLOSE:
                if (!bursts.closed(p.pid(), f.path(), f.modified(), t)) {
                    return;
                }
                action = "FileModified";
                break;
            case RENAME:
                if (f.previousPath() != null) {
                    bursts.ended(f.previousPath());
                }
                action = "FileRenamed";
                break;
            default:
                bursts.ended(f.path());
                action = "FileDeleted";
        }
        Event e = begin(Table.DeviceFileEvents, t, action, m);
        e.set(Columns.FILE_NAME, Paths.fileName(f.path()));
        e.set(Columns.FOLDER_PATH, f.path());
        if (f.previousPath() != null) {
            e.set(Columns.PREVIOUS_FILE_NAME, Paths.fileName(f.previousPath()));
            e.set(Columns.PREVIOUS_FOLDER_PATH, f.previousPath());
        }
        Enrichment.fillInitiating(e, initiator(p, t), table);
        if (f.truncated()) {
            truncatedPaths++;
            new AdditionalFields().flag("PathTruncated", true).applyTo(e);
        }
        publish(e);
        fileEvents++;
    }

    /** The table's (or the OS's) entry for pid at time t, or null. */
    private ProcessInfo lookup(long pid, long t) {
        if (pid <= 0) {
            return null;
        }
        ProcessInfo p = table.getAt(pid, t);
        if (p == null && resolver != null) {
            p = resolver.apply(pid);
            if (p != null) {
                table.put(p);
            }
        }
        return p;
    }

    /** The acting process: known entry, else built from the message itself (and remembered). */
    private ProcessInfo initiator(EsProcess p, long t) {
        ProcessInfo known = lookup(p.pid(), t);
        if (known != null) {
            return known;
        }
        initiatorUnknown++;
        ProcessInfo made = new ProcessInfo(p.pid(), p.ppid(), Event.NULL, p.path(), null, p.euid(),
                accounts.apply(p.euid()));
        if (p.pid() > 0) {
            table.put(made);
            remember(p);
        }
        return made;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private void publish(Event e) {
        if (!sink.publish(e)) {
            sinkDropped++;
        }
    }

    /** Messages ES dropped for this client, from global_seq_num gaps. */
    public long sequenceGap() {
        return seqGap;
    }

    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("processEvents", processEvents);
        c.put("fileEvents", fileEvents);
        c.put("forks", forks);
        c.put("exits", exits);
        c.put("writesCoalesced", bursts.suppressed());
        c.put("ignoredOwnActivity", ignoredEvents);
        c.put("unknownEventTypes", unknownEvents);
        c.put("incompleteMessages", incomplete);
        c.put("initiatorUnknown", initiatorUnknown);
        c.put("parentByAuditToken", parentByToken);
        c.put("parentByPpid", parentByPpid);
        c.put("parentPidReused", parentPidReused);
        c.put("esSequenceGap", seqGap);
        c.put("truncatedPaths", truncatedPaths);
        c.put("sinkDropped", sinkDropped);
        return c;
    }
}
