package dev.hookline.macos.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.EventSink;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {
    final List<Event> out = new ArrayList<>();
    final EventSink sink = e -> out.add(e.copy());
    final ProcessTable table = new ProcessTable(60_000_000_000L);

    static ConnectionTracker.Owned tcp(long pid, int lport, byte[] remote, int rport, int state) {
        byte[] b = SocketFdInfoTest.fixture(2, 2, 6, 1, 1, new byte[] {10, 0, 0, 5}, lport, remote, rport, state);
        return new ConnectionTracker.Owned(pid, 7, SocketFdInfo.decode(b, b.length));
    }

    static ConnectionTracker.Owned udp(long pid, byte[] remote, int rport) {
        byte[] b = SocketFdInfoTest.fixture(2, 1, 17, 2, 1, new byte[] {10, 0, 0, 5}, 60000, remote, rport, 0);
        return new ConnectionTracker.Owned(pid, 8, SocketFdInfo.decode(b, b.length));
    }

    static final byte[] PUBLIC = {(byte) 198, 51, 100, 23};
    static final byte[] PUBLIC2 = {(byte) 140, 82, 112, 3};

    @Test
    void theFirstSnapshotIsABaselineAndOnlyNewConnectionsAreReported() {
        table.put(new ProcessInfo(700, 1, 1L, "/opt/homebrew/bin/node", "node npm install", 501, null));
        ConnectionTracker t = new ConnectionTracker(sink, table, null, null);
        t.snapshot(List.of(tcp(700, 50000, PUBLIC, 443, 4)), 10);
        assertEquals(0, out.size());
        t.snapshot(List.of(tcp(700, 50000, PUBLIC, 443, 4), tcp(700, 50001, PUBLIC2, 80, 4)), 20);
        assertEquals(1, out.size());
        Event e = out.get(0);
        assertEquals("ConnectionSuccess", e.getString(Columns.ACTION_TYPE));
        assertEquals("140.82.112.3", e.getString(Columns.REMOTE_IP));
        assertEquals(80, e.getLong(Columns.REMOTE_PORT));
        assertEquals("Public", e.getString(Columns.REMOTE_IP_TYPE));
        assertEquals("10.0.0.5", e.getString(Columns.LOCAL_IP));
        assertEquals("Private", e.getString(Columns.LOCAL_IP_TYPE));
        assertEquals("Tcp", e.getString(Columns.PROTOCOL));
        assertEquals("node", e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals(20, e.getLong(Columns.TIMESTAMP));
        assertEquals(1L, t.counters().get("netBaselineConnections"));
    }

    @Test
    void aConnectionThatClosesAndReopensIsNewAgain() {
        ConnectionTracker t = new ConnectionTracker(sink, table, null, null);
        t.snapshot(List.of(), 0);
        t.snapshot(List.of(tcp(1, 50000, PUBLIC, 443, 4)), 1);
        t.snapshot(List.of(), 2);
        t.snapshot(List.of(tcp(1, 50000, PUBLIC, 443, 4)), 3);
        assertEquals(2, out.size());
        assertEquals(1, out.get(0).getLong(Columns.INITIATING_PROCESS_ID), "unknown process: the pid alone");
    }

    @Test
    void listenersAndHalfOpenSocketsAreNotConnectionsAndAcceptedOnesAreInbound() {
        ConnectionTracker t = new ConnectionTracker(sink, table, null, null);
        t.snapshot(List.of(), 0);
        t.snapshot(List.of(tcp(5, 22, new byte[4], 0, 1), tcp(6, 50002, PUBLIC, 443, 2), tcp(5, 22, PUBLIC2, 61000, 4),
                udp(9, PUBLIC, 53), udp(9, new byte[4], 0)), 1);
        assertEquals(2, out.size());
        assertEquals("InboundConnectionAccepted", out.get(0).getString(Columns.ACTION_TYPE));
        assertEquals(22, out.get(0).getLong(Columns.LOCAL_PORT));
        assertEquals("Udp", out.get(1).getString(Columns.PROTOCOL));
        assertTrue(out.get(1).getString(Columns.ADDITIONAL_FIELDS).contains("libproc-poll"));
    }

    @Test
    void unknownPidsAreResolvedAndRemembered() {
        ConnectionTracker t = new ConnectionTracker(sink, table, null,
                pid -> new ProcessInfo(pid, 1, 1L, "/usr/sbin/installer", "installer -pkg x.pkg", 0, null));
        t.snapshot(List.of(), 0);
        t.snapshot(List.of(tcp(42, 50003, PUBLIC, 443, 4)), 1);
        assertEquals("installer", out.get(0).getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("/usr/sbin/installer", table.get(42).imagePath());
    }
}
