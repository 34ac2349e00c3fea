package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hookline.kql.Arm;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.StreamingQuery;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The integer gate (`RemotePort in (...)`, `RemotePort == n`, SigmaHQ's callback-port rule) skips an arm only for
 * an event the arm's own filter refuses: a port in the list runs the arm, one outside it or a missing port skips
 * it; `!in`, `!=`, a string column compared with a number and a real list give no gate at all.
 */
class IntegerGatesSkipOnlyWhatCannotMatchTest {
    /** Whether the selector runs the query's single arm for e, and whether that arm's filter passes e. */
    private static List<Boolean> selectedAndMatched(String query, Event e) {
        StreamingQuery sq = Kql.compile(query).streaming();
        Arm arm = sq.arms().get(0);
        List<List<ArmGate>> gates = new ArrayList<>();
        gates.add(arm.gates());
        boolean selected = (new ArmSelector(gates).select(e)[0] & 1L) != 0;
        boolean[] matched = {false};
        sq.accept(arm, e, 0L, (a, ev, row) -> matched[0] = true);
        return List.of(selected, matched[0]);
    }

    private static Event connection(Long port, String ip) {
        Event e = new Event(Table.DeviceNetworkEvents).set(Columns.ACTION_TYPE, "ConnectionSuccess");
        if (port != null) {
            e.set(Columns.REMOTE_PORT, port);
        }
        return ip == null ? e : e.set(Columns.REMOTE_IP, ip);
    }

    private static ArmGate gate(String query) {
        return Kql.compile(query).streaming().arms().get(0).gate();
    }

    @Test
    void aPortInTheListRunsTheArmAnyOtherOrNoneSkipsIt() {
        String q = "DeviceNetworkEvents | where RemotePort in (888, 4444, 51820)"
                + " and not(ipv4_is_in_range(RemoteIP, '10.0.0.0/8'))";
        assertEquals(ArmGate.Match.NUMBER, gate(q).probes().get(0).match());
        assertEquals(List.of(true, true), selectedAndMatched(q, connection(4444L, "203.0.113.9")));
        assertEquals(List.of(true, true), selectedAndMatched(q, connection(51820L, "203.0.113.9")));
        // selected by the port, refused by the arm's other filter: the gate is only necessary
        assertEquals(List.of(true, false), selectedAndMatched(q, connection(888L, "10.1.2.3")));
        assertEquals(List.of(false, false), selectedAndMatched(q, connection(443L, "203.0.113.9")));
        assertEquals(List.of(false, false), selectedAndMatched(q, connection(4445L, "203.0.113.9")));
        assertEquals(List.of(false, false), selectedAndMatched(q, connection(0L, "203.0.113.9")));
        assertEquals(List.of(false, false), selectedAndMatched(q, connection(null, "203.0.113.9")));
    }

    @Test
    void equalityToOneNumberGatesLikeAListOfOne() {
        String q = "DeviceNetworkEvents | where RemotePort == 4873";
        assertNotNull(gate(q));
        assertEquals(List.of(true, true), selectedAndMatched(q, connection(4873L, null)));
        assertEquals(List.of(false, false), selectedAndMatched(q, connection(80L, null)));
        assertEquals(List.of(false, false), selectedAndMatched(q, connection(null, null)));
        // an integer gate beside a string one: both are required
        String both = "DeviceNetworkEvents | where RemotePort in (22, 2222) | where ActionType in ('ConnectionSuccess')";
        assertEquals(2, Kql.compile(both).streaming().arms().get(0).gates().size());
        assertEquals(List.of(true, true), selectedAndMatched(both, connection(2222L, null)));
        assertEquals(List.of(false, false), selectedAndMatched(both, connection(23L, null)));
    }

    @Test
    void negationsStringColumnsAndRealsGiveNoGate() {
        assertNull(gate("DeviceNetworkEvents | where RemotePort !in (80, 443, 53)"));
        assertNull(gate("DeviceNetworkEvents | where RemotePort != 443"));
        assertNull(gate("DeviceNetworkEvents | where RemotePort in (443, 8443.5)"));
        assertNull(gate("DeviceNetworkEvents | where RemotePort == '4444'"));
        // a string column compared with a number is a numeric test of its text (null for "a"): never an int gate
        String s = "DeviceNetworkEvents | where RemoteIP == 4444";
        assertNull(gate(s));
        assertEquals(List.of(true, true), selectedAndMatched(s, connection(null, "4444")));
        assertEquals(List.of(true, false), selectedAndMatched(s, connection(4444L, "a")));
        // datetime, timespan and bool columns are left alone
        assertNull(gate("DeviceNetworkEvents | where Timestamp == datetime(2026-01-01)"));
        // an `or` with an ungated side has no gate; with two integer sides, the union
        assertNull(gate("DeviceNetworkEvents | where RemotePort == 22 or isnotempty(RemoteIP)"));
        String or = "DeviceNetworkEvents | where RemotePort == 22 or LocalPort == 22";
        assertEquals(2, gate(or).probes().size());
        assertEquals(List.of(true, true), selectedAndMatched(or, connection(null, null).set(Columns.LOCAL_PORT, 22L)));
    }
}
