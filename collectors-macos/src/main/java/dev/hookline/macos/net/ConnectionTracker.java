package dev.hookline.macos.net;

import dev.hookline.net.IpClassifier;
import dev.hookline.net.IpText;
import dev.hookline.collector.EventSink;
import dev.hookline.collector.HostIdentity;
import dev.hookline.process.Enrichment;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.AdditionalFields;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Turns successive socket snapshots (every IP socket of every process, from libproc) into DeviceNetworkEvents for
 * connections that are new since the previous snapshot:
 * <ul>
 * <li>a TCP socket in ESTABLISHED or a later state → ConnectionSuccess, or InboundConnectionAccepted when its
 * local port is one some process listens on in the same snapshot (an accepted connection);</li>
 * <li>a UDP socket with a remote address (connect(2) on a datagram socket) → ConnectionSuccess.</li>
 * </ul>
 * The first snapshot is the baseline: what was already open when the agent started is counted, not reported.
 * A connection that opens and closes between two polls is never seen (documented in docs/macos.md).
 * Single-threaded (the poller).
 */
public final class ConnectionTracker {
    /** One socket of one process in a snapshot. */
    public record Owned(long pid, int fd, SocketFdInfo.Socket socket) {
    }

    private final EventSink sink;
    private final ProcessTable table;
    private final HostIdentity host;
    private final LongFunction<ProcessInfo> resolver;
    private final Event scratch = new Event();
    private Set<String> previous;
    private long baseline;
    private long reported;
    private long inbound;
    private long initiatorUnknown;
    private long sinkDropped;
    private long snapshots;

    public ConnectionTracker(EventSink sink, ProcessTable table, HostIdentity host, LongFunction<ProcessInfo> resolver) {
        this.sink = sink;
        this.table = table;
        this.host = host;
        this.resolver = resolver;
    }

    public void snapshot(List<Owned> sockets, long nowNanos) {
        snapshots++;
        Set<Integer> listening = new HashSet<>();
        for (Owned o : sockets) {
            SocketFdInfo.Socket s = o.socket();
            if (s.protocol() == SocketFdInfo.IPPROTO_TCP && s.tcpState() == SocketFdInfo.TSI_S_LISTEN) {
                listening.add(s.localPort());
            }
        }
        Map<String, Owned> current = new HashMap<>();
        for (Owned o : sockets) {
            if (reportable(o.socket())) {
                current.putIfAbsent(key(o), o);
            }
        }
        if (previous == null) {
            baseline += current.size();
        } else {
            for (Map.Entry<String, Owned> e : current.entrySet()) {
                if (!previous.contains(e.getKey())) {
                    emit(e.getValue(), listening, nowNanos);
                }
            }
        }
        previous = current.keySet();
    }

    static boolean reportable(SocketFdInfo.Socket s) {
        if (!s.hasRemote()) {
            return false;
        }
        if (s.protocol() == SocketFdInfo.IPPROTO_TCP) {
            return s.tcpState() >= SocketFdInfo.TSI_S_ESTABLISHED;
        }
        return s.protocol() == SocketFdInfo.IPPROTO_UDP;
    }

    private static String key(Owned o) {
        SocketFdInfo.Socket s = o.socket();
        return o.pid() + "|" + s.protocol() + "|" + IpText.format(s.localAddress()) + "|" + s.localPort() + "|"
                + IpText.format(s.remoteAddress()) + "|" + s.remotePort();
    }

    private void emit(Owned o, Set<Integer> listening, long now) {
        SocketFdInfo.Socket s = o.socket();
        boolean accepted = s.protocol() == SocketFdInfo.IPPROTO_TCP && listening.contains(s.localPort());
        Event e = scratch.reset(Table.DeviceNetworkEvents);
        e.set(Columns.TIMESTAMP, now);
        if (host != null) {
            e.set(Columns.DEVICE_NAME, host.deviceName());
            e.set(Columns.DEVICE_ID, host.deviceId());
        }
        e.set(Columns.ACTION_TYPE, accepted ? "InboundConnectionAccepted" : "ConnectionSuccess");
        e.set(Columns.PROTOCOL, s.protocol() == SocketFdInfo.IPPROTO_TCP ? "Tcp" : "Udp");
        e.set(Columns.REMOTE_IP, IpText.format(s.remoteAddress()));
        e.set(Columns.REMOTE_PORT, s.remotePort());
        e.set(Columns.REMOTE_IP_TYPE, IpClassifier.classify(s.remoteAddress()));
        e.set(Columns.LOCAL_IP, IpText.format(s.localAddress()));
        e.set(Columns.LOCAL_PORT, s.localPort());
        e.set(Columns.LOCAL_IP_TYPE, IpClassifier.classify(s.localAddress()));
        ProcessInfo p = table.get(o.pid());
        if (p == null && resolver != null) {
            p = resolver.apply(o.pid());
            if (p != null) {
                table.put(p);
            }
        }
        if (p != null) {
            Enrichment.fillInitiating(e, p, table);
        } else {
            initiatorUnknown++;
            e.set(Columns.INITIATING_PROCESS_ID, o.pid());
        }
        // The time is when the poll saw it, not when it connected: say so.
        new AdditionalFields().put("Source", "libproc-poll").applyTo(e);
        if (sink.publish(e)) {
            reported++;
            if (accepted) {
                inbound++;
            }
        } else {
            sinkDropped++;
        }
    }

    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("netSnapshots", snapshots);
        c.put("netBaselineConnections", baseline);
        c.put("netConnectionsReported", reported);
        c.put("netInboundAccepted", inbound);
        c.put("netInitiatorUnknown", initiatorUnknown);
        c.put("netSinkDropped", sinkDropped);
        return c;
    }
}
