package dev.hookline.linux.audit;

import dev.hookline.collector.EventSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.linux.net.IpClassifier;
import dev.hookline.linux.net.IpText;
import dev.hookline.linux.proc.CommandLine;
import dev.hookline.linux.proc.Passwd;
import dev.hookline.linux.proc.ProcessLifecycle;
import dev.hookline.process.Enrichment;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns assembled audit events into MDE rows.
 * <ul>
 * <li>Successful execve/execveat → DeviceProcessEvents ProcessCreated. The created process: FileName/FolderPath
 * from the SYSCALL exe (the new image; FolderPath is the full path including the file name, as MDE has it),
 * ProcessCommandLine from the rebuilt EXECVE argv (PROCTITLE, which the kernel cuts at 128 bytes, only when no
 * EXECVE record arrived, noted in AdditionalFields), ProcessId, ProcessCreationTime = exec time, Account* of the
 * effective uid (the identity the image runs with, so a setuid binary shows its owner). The initiating process is
 * the PARENT (ppid) as the table knew it before this exec — the pid's own entry is replaced by the exec, so it is
 * never used as its own initiator. Failed execs are counted, not reported (MDE reports created processes).</li>
 * <li>connect → DeviceNetworkEvents: RemoteIP/RemotePort from the SOCKADDR record (AF_INET/AF_INET6 only),
 * Protocol/LocalIP/LocalPort from the borrowed socket ({@link SocketInspector}; empty when it is gone),
 * ActionType ConnectionSuccess (exit 0, or EINPROGRESS when the borrowed socket is already connected to that
 * peer: most runtimes, node and Go among them, connect non-blocking), ConnectionAttempt (EINPROGRESS, -115, and
 * the outcome is not known yet when the record is read), ConnectionFailed (any other error). The initiating process is the
 * connecting pid's current image.</li>
 * </ul>
 * Anything incomplete (argv problems, event cut off by timeout) is noted in AdditionalFields, never guessed.
 */
public final class AuditEventMapper implements AuditAssembler.Sink {
    static final int EINPROGRESS = 115;

    private final EventSink sink;
    private final ProcessLifecycle lifecycle;
    private final Passwd passwd;
    private final HostIdentity host;
    private final SocketInspector inspector;
    private final AuditCounters counters;
    private final Event scratch = new Event();

    public AuditEventMapper(EventSink sink, ProcessLifecycle lifecycle, Passwd passwd, HostIdentity host,
                            SocketInspector inspector, AuditCounters counters) {
        this.sink = sink;
        this.lifecycle = lifecycle;
        this.passwd = passwd;
        this.host = host;
        this.inspector = inspector;
        this.counters = counters;
    }

    @Override
    public void event(AuditEvent ev) {
        AuditRecord sys = ev.first(AuditProtocol.AUDIT_SYSCALL);
        if (sys == null) {
            counters.eventsIgnored.incrementAndGet();
            return;
        }
        AuditFields f = sys.fields();
        long arch = f.hex("arch", -1);
        long nr = f.number("syscall", -1);
        switch (SyscallKind.of(arch, nr, f.hex("a0", -1))) {
            case EXEC:
                exec(ev, f);
                break;
            case CONNECT:
                connect(ev, f, SyscallKind.viaSocketcall(arch, nr));
                break;
            default:
                counters.eventsIgnored.incrementAndGet();
        }
    }

    private Event begin(Table table, AuditEvent ev, String action) {
        Event e = scratch.reset(table);
        e.set(Columns.TIMESTAMP, ev.epochNanos());
        if (host != null) {
            e.set(Columns.DEVICE_NAME, host.deviceName());
            e.set(Columns.DEVICE_ID, host.deviceId());
        }
        e.set(Columns.ACTION_TYPE, action);
        e.set(Columns.REPORT_ID, ev.serial());
        return e;
    }

    private void exec(AuditEvent ev, AuditFields f) {
        if (!"yes".equals(f.raw("success"))) {
            counters.execFailed.incrementAndGet();
            return;
        }
        Notes notes = new Notes();
        long pid = f.number("pid", -1);
        long ppid = f.number("ppid", -1);
        long euid = f.number("euid", f.number("uid", -1));
        String exe = f.text("exe");
        if (exe == null) {
            AuditRecord path = ev.first(AuditProtocol.AUDIT_PATH);
            exe = path == null ? null : path.fields().text("name");
            notes.add("ImageSource", "PATH");
        }
        List<AuditRecord> execve = ev.all(AuditProtocol.AUDIT_EXECVE);
        String cmdline;
        if (!execve.isEmpty()) {
            ExecveArgs args = ExecveArgs.rebuild(execve);
            cmdline = CommandLine.join(args.argv());
            if (!args.complete()) {
                counters.argvIncomplete.incrementAndGet();
                notes.add("Argc", Long.toString(args.argc()), false);
                notes.addList("ArgvProblems", args.problems());
            }
        } else {
            cmdline = proctitle(ev);
            notes.add("CommandLineSource", cmdline == null ? "none" : "proctitle");
        }
        if (ev.completion() != AuditEvent.Completion.COMPLETE) {
            notes.add("AuditEvent", ev.completion().name());
        }
        ProcessInfo parent = lifecycle.resolve(ppid);
        ProcessInfo image = new ProcessInfo(pid, ppid, ev.epochNanos(), exe, cmdline, euid, passwd.account(euid));
        Event e = begin(Table.DeviceProcessEvents, ev, "ProcessCreated");
        Enrichment.fillCreated(e, image);
        if (parent == null) {
            counters.initiatorUnknown.incrementAndGet();
        }
        Enrichment.fillInitiating(e, parent, lifecycle.table());
        if (parent == null && ppid > 0) {
            e.set(Columns.INITIATING_PROCESS_ID, ppid);
        }
        notes.applyTo(e);
        lifecycle.execed(image);
        publish(e, counters.processEvents);
    }

    private void connect(AuditEvent ev, AuditFields f, boolean socketcall) {
        AuditRecord sa = ev.first(AuditProtocol.AUDIT_SOCKADDR);
        SockAddr remote = sa == null ? null : SockAddr.parse(sa.fields().raw("saddr"));
        if (remote == null) {
            counters.connectNotIp.incrementAndGet();
            return;
        }
        long exit = f.number("exit", Long.MIN_VALUE);
        String action = exit == 0 ? "ConnectionSuccess" : exit == -EINPROGRESS ? "ConnectionAttempt" : "ConnectionFailed";
        long pid = f.number("pid", -1);
        Notes notes = new Notes();
        ProcessInfo proc = lifecycle.table().getAt(pid, ev.epochNanos());
        if (proc == null) {
            proc = lifecycle.resolve(pid);
        }
        if (proc == null && pid > 0) {
            // Gone and never seen: describe it from the record itself rather than leave the columns empty.
            long euid = f.number("euid", f.number("uid", -1));
            proc = new ProcessInfo(pid, f.number("ppid", -1), Event.NULL, f.text("exe"), proctitle(ev), euid,
                    passwd.account(euid));
            notes.add("InitiatingProcessSource", "audit");
        }
        Event e = begin(Table.DeviceNetworkEvents, ev, action);
        String rip = IpText.format(remote.address());
        e.set(Columns.REMOTE_IP, rip);
        e.set(Columns.REMOTE_PORT, remote.port());
        e.set(Columns.REMOTE_IP_TYPE, IpClassifier.classify(remote.address()));
        // The name the process resolved, from the passive DNS sniffer (linux-dns collector); empty when unseen.
        String url = dev.hookline.linux.dns.DnsCache.shared().lookup(rip, System.nanoTime());
        if (url != null) {
            e.set(Columns.REMOTE_URL, url);
        }
        SocketInspector.Info info = socketcall || inspector == null ? null
                : inspector.inspect(pid, f.hex("a0", -1), remote);
        if (info != null && info.connected() && exit == -EINPROGRESS) {
            e.set(Columns.ACTION_TYPE, "ConnectionSuccess");
        }
        if (info != null) {
            if (info.protocol() != null) {
                e.set(Columns.PROTOCOL, info.protocol());
            }
            if (info.localPort() != 0 || !allZero(info.localAddress())) {
                e.set(Columns.LOCAL_IP, IpText.format(info.localAddress()));
                e.set(Columns.LOCAL_PORT, info.localPort());
                e.set(Columns.LOCAL_IP_TYPE, IpClassifier.classify(info.localAddress()));
            }
        }
        if (exit != 0 && exit != Long.MIN_VALUE) {
            notes.add("Errno", Long.toString(-exit), false);
        }
        if (proc == null) {
            counters.initiatorUnknown.incrementAndGet();
        }
        Enrichment.fillInitiating(e, proc, lifecycle.table());
        notes.applyTo(e);
        publish(e, counters.networkEvents);
    }

    private static boolean allZero(byte[] a) {
        for (byte b : a) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** PROCTITLE (hex NUL-separated argv, at most 128 bytes) as a command line, or null. */
    static String proctitle(AuditEvent ev) {
        AuditRecord pt = ev.first(AuditProtocol.AUDIT_PROCTITLE);
        byte[] b = pt == null ? null : pt.fields().bytes("proctitle");
        return b == null ? null : CommandLine.join(CommandLine.splitNul(b, b.length));
    }

    private void publish(Event e, java.util.concurrent.atomic.AtomicLong tableCounter) {
        if (sink.publish(e)) {
            tableCounter.incrementAndGet();
        } else {
            counters.sinkDropped.incrementAndGet();
        }
    }

    /** A small JSON object for AdditionalFields, built only when something needs saying. */
    static final class Notes {
        private List<String> parts;

        void add(String key, String value) {
            add(key, value, true);
        }

        void add(String key, String value, boolean quote) {
            if (parts == null) {
                parts = new ArrayList<>(4);
            }
            parts.add(Json.quote(key) + ":" + (quote ? Json.quote(value) : value));
        }

        void addList(String key, List<String> values) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(Json.quote(values.get(i)));
            }
            add(key, sb.append(']').toString(), false);
        }

        void applyTo(Event e) {
            if (parts != null) {
                e.set(Columns.ADDITIONAL_FIELDS, "{" + String.join(",", parts) + "}");
            }
        }
    }
}
