package dev.hookline.linux.audit;

import dev.hookline.collector.EventSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.collector.WriteBeforeExec;
import dev.hookline.install.InstallContext;
import dev.hookline.install.InstallResolver;
import dev.hookline.net.DnsCache;
import dev.hookline.net.IpClassifier;
import dev.hookline.net.IpText;
import dev.hookline.linux.proc.CommandLine;
import dev.hookline.linux.proc.ContainerLookup;
import dev.hookline.linux.proc.Passwd;
import dev.hookline.linux.proc.ProcessLifecycle;
import dev.hookline.process.Enrichment;
import dev.hookline.process.ProcessInfo;
import dev.hookline.schema.AdditionalFields;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <li>listen → DeviceNetworkEvents ListeningConnectionCreated: LocalIP/LocalPort/Protocol of the listening socket,
 * borrowed like connect's; when it is already gone, the address of the last bind on the same pid and fd (noted as
 * LocalSource "bind", Protocol Tcp: listen(2) on an IP socket is TCP). Remote* stay empty.</li>
 * <li>accept/accept4 → InboundConnectionAccepted: RemoteIP/RemotePort from the SOCKADDR record (the peer; absent
 * when the caller passed no address, then the borrowed socket's peer), LocalIP/LocalPort/Protocol from the
 * accepted socket (the exit value), falling back to the listening socket's address from its listen event (noted
 * LocalSource "listen").</li>
 * <li>bind → no row: its address is remembered for listen (bounded cache by pid and fd).</li>
 * <li>Events carrying an AUDIT_CONFIG_CHANGE record → {@link ConfigChangeWatch} (tamper alerts), no row.</li>
 * </ul>
 * Unix-socket listen/accept are counted (inbound_not_ip) and dropped; so are listen/accept whose address is
 * unknowable (inbound_unresolved). The initiating process of every network row is the calling pid.
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
    private final ConfigChangeWatch configWatch;
    private final DnsCache dnsNames;
    private final WriteBeforeExec writeBeforeExec;
    private final InstallResolver installs;
    private final ContainerLookup containers;
    private final Event scratch = new Event();
    /** Last bind address by (pid, fd), and listening sockets' addresses by (pid, fd); the reader thread owns them. */
    private final Map<Long, SockAddr> binds = lru(4096);
    private final Map<Long, SockAddr> listeners = lru(4096);
    /** Stands for a bind of a non-IP address in {@link #binds}. */
    private static final SockAddr NOT_IP = new SockAddr(0, new byte[0], 0);

    public AuditEventMapper(EventSink sink, ProcessLifecycle lifecycle, Passwd passwd, HostIdentity host,
                            SocketInspector inspector, AuditCounters counters) {
        this(sink, lifecycle, passwd, host, inspector, counters, null);
    }

    public AuditEventMapper(EventSink sink, ProcessLifecycle lifecycle, Passwd passwd, HostIdentity host,
                            SocketInspector inspector, AuditCounters counters, ConfigChangeWatch configWatch) {
        this(sink, lifecycle, passwd, host, inspector, counters, configWatch, null, null);
    }

    /**
     * @param dnsNames        names for RemoteUrl (the agent's, filled by the DNS collector); null: none
     * @param writeBeforeExec flushed before each exec is published (the file collector's pending rows); null: none
     */
    public AuditEventMapper(EventSink sink, ProcessLifecycle lifecycle, Passwd passwd, HostIdentity host,
                            SocketInspector inspector, AuditCounters counters, ConfigChangeWatch configWatch,
                            DnsCache dnsNames, WriteBeforeExec writeBeforeExec) {
        this(sink, lifecycle, passwd, host, inspector, counters, configWatch, dnsNames, writeBeforeExec, null, null);
    }

    /**
     * @param installs decides each exec's install context (package manager scripts); null: none
     * @param containers decides each exec's container (children of runtimes); null: none
     */
    public AuditEventMapper(EventSink sink, ProcessLifecycle lifecycle, Passwd passwd, HostIdentity host,
                            SocketInspector inspector, AuditCounters counters, ConfigChangeWatch configWatch,
                            DnsCache dnsNames, WriteBeforeExec writeBeforeExec, InstallResolver installs,
                            ContainerLookup containers) {
        this.installs = installs;
        this.containers = containers;
        this.sink = sink;
        this.lifecycle = lifecycle;
        this.passwd = passwd;
        this.host = host;
        this.inspector = inspector;
        this.counters = counters;
        this.configWatch = configWatch;
        this.dnsNames = dnsNames;
        this.writeBeforeExec = writeBeforeExec;
    }

    private static <V> Map<Long, V> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > max;
            }
        };
    }

    private static long socketKey(long pid, long fd) {
        return (pid << 32) | (fd & 0xffffffffL);
    }

    @Override
    public void event(AuditEvent ev) {
        if (configWatch != null && ev.first(AuditProtocol.AUDIT_CONFIG_CHANGE) != null) {
            configWatch.changed(ev);
            return;
        }
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
            case BIND:
                bind(ev, f, SyscallKind.viaSocketcall(arch, nr));
                break;
            case LISTEN:
                listen(ev, f, SyscallKind.viaSocketcall(arch, nr));
                break;
            case ACCEPT:
                accept(ev, f, SyscallKind.viaSocketcall(arch, nr));
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
        AdditionalFields notes = new AdditionalFields();
        long pid = f.number("pid", -1);
        long ppid = f.number("ppid", -1);
        long euid = f.number("euid", f.number("uid", -1));
        String exe = f.text("exe");
        if (exe == null) {
            AuditRecord path = ev.first(AuditProtocol.AUDIT_PATH);
            exe = path == null ? null : path.fields().text("name");
            notes.put("ImageSource", "PATH");
        }
        List<AuditRecord> execve = ev.all(AuditProtocol.AUDIT_EXECVE);
        String cmdline;
        if (!execve.isEmpty()) {
            ExecveArgs args = ExecveArgs.rebuild(execve);
            cmdline = CommandLine.join(args.argv());
            if (!args.complete()) {
                counters.argvIncomplete.incrementAndGet();
                notes.put("Argc", args.argc());
                notes.put("ArgvProblems", args.problems());
            }
        } else {
            cmdline = proctitle(ev);
            notes.put("CommandLineSource", cmdline == null ? "none" : "proctitle");
        }
        if (ev.completion() != AuditEvent.Completion.COMPLETE) {
            notes.put("AuditEvent", ev.completion().name());
        }
        ProcessInfo parent = lifecycle.resolve(ppid);
        // Most execs stop at the resolver's first test: the parent's manager is computed once per parent image.
        InstallContext install = installs == null || parent == null ? null
                : !InstallResolver.looksAt(parent.manager(), parent.install()) ? parent.install()
                : installs.resolve(pid, exe, cmdline, parent.manager(), null, parent.install(), execCwd(ev));
        ProcessInfo image = new ProcessInfo(pid, ppid, ev.epochNanos(), exe, cmdline, euid, passwd.account(euid),
                install, containers == null ? null : containers.at(pid, parent));
        Event e = begin(Table.DeviceProcessEvents, ev, "ProcessCreated");
        Enrichment.fillCreated(e, image);
        Enrichment.addInstall(notes, image);
        if (parent == null) {
            counters.initiatorUnknown.incrementAndGet();
        }
        Enrichment.fillInitiating(e, parent, lifecycle.table());
        if (parent == null && ppid > 0) {
            e.set(Columns.INITIATING_PROCESS_ID, ppid);
        }
        notes.applyTo(e);
        lifecycle.execed(image);
        // A file collector may still hold the row of the write that made this image (see WriteBeforeExec).
        if (writeBeforeExec != null) {
            writeBeforeExec.beforeExec(exe);
        }
        publish(e, counters.processEvents);
    }

    /**
     * The working directory the exec's CWD record states (where a lifecycle script runs: its package's directory),
     * or null when CWD records are excluded ({@code exclude_record_types}) or missing.
     */
    private static String execCwd(AuditEvent ev) {
        AuditRecord cwd = ev.first(AuditProtocol.AUDIT_CWD);
        return cwd == null ? null : cwd.fields().text("cwd");
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
        AdditionalFields notes = new AdditionalFields();
        ProcessInfo proc = caller(ev, f, pid, notes);
        Event e = begin(Table.DeviceNetworkEvents, ev, action);
        String rip = IpText.format(remote.address());
        e.set(Columns.REMOTE_IP, rip);
        e.set(Columns.REMOTE_PORT, remote.port());
        e.set(Columns.REMOTE_IP_TYPE, IpClassifier.classify(remote.address()));
        // The name the process resolved, from the passive DNS sniffer (linux-dns collector); empty when unseen.
        String url = dnsNames == null ? null : dnsNames.lookupCaughtUp(rip, System.nanoTime());
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
            notes.put("Errno", -exit);
        }
        if (proc == null) {
            counters.initiatorUnknown.incrementAndGet();
        }
        Enrichment.fillInitiating(e, proc, lifecycle.table());
        Enrichment.addInstall(notes, proc);
        notes.applyTo(e);
        publish(e, counters.networkEvents);
    }

    /** The calling process as the table knew it at the event, else /proc, else described by the record itself. */
    private ProcessInfo caller(AuditEvent ev, AuditFields f, long pid, AdditionalFields notes) {
        ProcessInfo proc = lifecycle.table().getAt(pid, ev.epochNanos());
        if (proc == null) {
            proc = lifecycle.resolve(pid);
        }
        if (proc == null && pid > 0) {
            // Gone and never seen: describe it from the record itself rather than leave the columns empty.
            long euid = f.number("euid", f.number("uid", -1));
            proc = new ProcessInfo(pid, f.number("ppid", -1), Event.NULL, f.text("exe"), proctitle(ev), euid,
                    passwd.account(euid));
            notes.put("InitiatingProcessSource", "audit");
        }
        return proc;
    }

    private void bind(AuditEvent ev, AuditFields f, boolean socketcall) {
        AuditRecord sa = ev.first(AuditProtocol.AUDIT_SOCKADDR);
        if (socketcall || sa == null || !"yes".equals(f.raw("success"))) {
            counters.eventsIgnored.incrementAndGet();
            return;
        }
        SockAddr local = SockAddr.parse(sa.fields().raw("saddr"));
        binds.put(socketKey(f.number("pid", -1), f.hex("a0", -1)), local == null ? NOT_IP : local);
    }

    private void listen(AuditEvent ev, AuditFields f, boolean socketcall) {
        if (socketcall || !"yes".equals(f.raw("success"))) {
            counters.eventsIgnored.incrementAndGet();
            return;
        }
        long pid = f.number("pid", -1);
        long fd = f.hex("a0", -1);
        long key = socketKey(pid, fd);
        AdditionalFields notes = new AdditionalFields();
        SocketInspector.Info info = inspector == null ? null : inspector.inspect(pid, fd, null);
        SockAddr bound = binds.remove(key);
        if (info == SocketInspector.NOT_IP || (info == null && bound == NOT_IP)) {
            counters.inboundNotIp.incrementAndGet();
            return;
        }
        byte[] localAddress;
        int localPort;
        String protocol;
        if (info != null) {
            localAddress = info.localAddress();
            localPort = info.localPort();
            protocol = info.protocol();
        } else if (bound != null) {
            localAddress = bound.address();
            localPort = bound.port();
            protocol = "Tcp";
            notes.put("LocalSource", "bind");
        } else {
            counters.inboundUnresolved.incrementAndGet();
            return;
        }
        listeners.put(key, new SockAddr(localAddress.length == 4 ? SockAddr.AF_INET : SockAddr.AF_INET6,
                localAddress, localPort));
        Event e = begin(Table.DeviceNetworkEvents, ev, "ListeningConnectionCreated");
        setLocal(e, protocol, localAddress, localPort);
        finishInbound(e, ev, f, pid, notes);
    }

    private void accept(AuditEvent ev, AuditFields f, boolean socketcall) {
        if (socketcall || !"yes".equals(f.raw("success"))) {
            counters.eventsIgnored.incrementAndGet();
            return;
        }
        long pid = f.number("pid", -1);
        long fd = f.number("exit", -1);
        AuditRecord sa = ev.first(AuditProtocol.AUDIT_SOCKADDR);
        SockAddr remote = sa == null ? null : SockAddr.parse(sa.fields().raw("saddr"));
        if (sa != null && remote == null) {
            counters.inboundNotIp.incrementAndGet();
            return;
        }
        AdditionalFields notes = new AdditionalFields();
        SocketInspector.Info info = inspector == null || fd < 0 ? null : inspector.inspect(pid, fd, remote);
        if (info == SocketInspector.NOT_IP) {
            counters.inboundNotIp.incrementAndGet();
            return;
        }
        if (remote == null) {
            remote = info == null ? null : info.peer();
            if (remote == null) {
                counters.inboundUnresolved.incrementAndGet();
                return;
            }
            notes.put("RemoteSource", "socket");
        }
        Event e = begin(Table.DeviceNetworkEvents, ev, "InboundConnectionAccepted");
        e.set(Columns.REMOTE_IP, IpText.format(remote.address()));
        e.set(Columns.REMOTE_PORT, remote.port());
        e.set(Columns.REMOTE_IP_TYPE, IpClassifier.classify(remote.address()));
        if (info != null) {
            setLocal(e, info.protocol(), info.localAddress(), info.localPort());
        } else {
            SockAddr listener = listeners.get(socketKey(pid, f.hex("a0", -1)));
            if (listener != null) {
                setLocal(e, "Tcp", listener.address(), listener.port());
                notes.put("LocalSource", "listen");
            }
        }
        finishInbound(e, ev, f, pid, notes);
    }

    private static void setLocal(Event e, String protocol, byte[] address, int port) {
        if (protocol != null) {
            e.set(Columns.PROTOCOL, protocol);
        }
        e.set(Columns.LOCAL_IP, IpText.format(address));
        e.set(Columns.LOCAL_PORT, port);
        e.set(Columns.LOCAL_IP_TYPE, IpClassifier.classify(address));
    }

    private void finishInbound(Event e, AuditEvent ev, AuditFields f, long pid, AdditionalFields notes) {
        ProcessInfo proc = caller(ev, f, pid, notes);
        if (proc == null) {
            counters.initiatorUnknown.incrementAndGet();
        }
        Enrichment.fillInitiating(e, proc, lifecycle.table());
        if (ev.completion() != AuditEvent.Completion.COMPLETE) {
            notes.put("AuditEvent", ev.completion().name());
        }
        Enrichment.addInstall(notes, proc);
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
}
