package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ipv4_is_in_range, ipv4_is_private, ipv4_is_match, ipv6_is_in_range: values and Kusto's null for bad input. */
class IpFunctionsFollowKustoTest {
    /** The function's value for one network event whose RemoteIP is ip: true, false or null. */
    private static Object value(String call, String ip) {
        Event e = Ev.net(Ev.NOW).s("RemoteIP", ip).build();
        List<Object> col = Q.column(Q.run("DeviceNetworkEvents | extend r = " + call + " | project r", e), "r");
        return col.get(0);
    }

    private static boolean kept(String where, String ip) {
        return Q.test(where, Ev.net(Ev.NOW).s("RemoteIP", ip).build());
    }

    @Test
    void ipv4InRangeUsesThePrefixOfTheRange() {
        assertEquals(true, value("ipv4_is_in_range(RemoteIP, '192.168.1.255/24')", "192.168.1.1"));
        assertEquals(true, value("ipv4_is_in_range(RemoteIP, '192.168.1.1')", "192.168.1.1")); // equal IPs: /32
        assertEquals(false, value("ipv4_is_in_range(RemoteIP, '192.168.2.1/24')", "192.168.1.1"));
        assertEquals(true, value("ipv4_is_in_range(RemoteIP, '0.0.0.0/0')", "203.0.113.9"));
        assertEquals(true, value("ipv4_is_in_range(RemoteIP, '10.0.0.0/8')", "10.255.255.255"));
        assertEquals(false, value("ipv4_is_in_range(RemoteIP, '10.0.0.0/8')", "11.0.0.0"));
    }

    @Test
    void invalidInputIsNullSoWhereAndNotAreBothFalse() {
        for (String bad : new String[] {"", "not-an-ip", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", " 1.2.3.4",
            "::1", "1.2.3.-4"}) {
            assertNull(value("ipv4_is_in_range(RemoteIP, '10.0.0.0/8')", bad), bad);
            assertNull(value("ipv4_is_private(RemoteIP)", bad), bad);
        }
        assertNull(value("ipv4_is_in_range(RemoteIP, '10.0.0.0/40')", "10.1.1.1"));
        assertEquals(false, kept("ipv4_is_in_range(RemoteIP, '10.0.0.0/8')", "garbage"));
        assertEquals(false, kept("not(ipv4_is_in_range(RemoteIP, '10.0.0.0/8'))", "garbage"));
        assertEquals(true, kept("not(ipv4_is_in_range(RemoteIP, '10.0.0.0/8'))", "8.8.8.8"));
    }

    @Test
    void aConstantRangeThatCannotParseWarns() {
        CompiledQuery q = Kql.compile("DeviceNetworkEvents | where ipv4_is_in_range(RemoteIP, '10.0.0/8')");
        assertTrue(q.warnings().stream().anyMatch(w -> w.contains("'10.0.0/8' is not valid")), q.warnings().toString());
    }

    @Test
    void privateIsRfc1918Only() {
        assertEquals(true, value("ipv4_is_private(RemoteIP)", "10.1.2.3"));
        assertEquals(true, value("ipv4_is_private(RemoteIP)", "172.31.255.255"));
        assertEquals(false, value("ipv4_is_private(RemoteIP)", "172.32.0.1"));
        assertEquals(true, value("ipv4_is_private(RemoteIP)", "192.168.1.1/24")); // the docs' masked example
        assertEquals(false, value("ipv4_is_private(RemoteIP)", "127.0.0.1")); // loopback is not private
        assertEquals(false, value("ipv4_is_private(RemoteIP)", "202.1.2.3"));
    }

    @Test
    void ipv4MatchComparesOnTheShortestPrefix() {
        assertEquals(true, value("ipv4_is_match(RemoteIP, '192.168.1.1')", "192.168.1.1"));
        assertEquals(false, value("ipv4_is_match(RemoteIP, '192.168.1.2')", "192.168.1.1"));
        assertEquals(true, value("ipv4_is_match(RemoteIP, '192.168.1.255/24')", "192.168.1.1"));
        assertEquals(true, value("ipv4_is_match(RemoteIP, '192.168.1.255', 24)", "192.168.1.1"));
        assertNull(value("ipv4_is_match(RemoteIP, '192.168.1.255', 24)", "x"));
    }

    @Test
    void ipv6InRange() {
        assertEquals(true, value("ipv6_is_in_range(RemoteIP, 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112')",
                "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd"));
        assertEquals(true, value("ipv6_is_in_range(RemoteIP, 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd')",
                "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd"));
        assertEquals(false, value("ipv6_is_in_range(RemoteIP, 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112')",
                "a5e:f127:8a9d:146d:e102:b5d3:c756:abcd"));
        assertEquals(true, value("ipv6_is_in_range(RemoteIP, 'fe80::/10')", "fe80::1"));
        assertEquals(true, value("ipv6_is_in_range(RemoteIP, 'fd00::/8')", "fd12:3456:789a::1"));
        assertEquals(false, value("ipv6_is_in_range(RemoteIP, 'fd00::/8')", "2001:db8::1"));
        assertEquals(true, value("ipv6_is_in_range(RemoteIP, '::1')", "0:0:0:0:0:0:0:1"));
        assertEquals(true, value("ipv6_is_in_range(RemoteIP, '2001:db8::/32')", "2001:db8:0:0:1::"));
        // IPv4 reads as IPv4-mapped IPv6
        assertEquals(true, value("ipv6_is_in_range(RemoteIP, '::ffff:10.0.0.0/104')", "10.1.2.3"));
        assertEquals(true, value("ipv6_is_in_range(RemoteIP, '::ffff:c0a8:0/120')", "::ffff:192.168.0.7"));
        for (String bad : new String[] {"", "fe80:::1", "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7:8:9", ":1::",
            "fe80::1%eth0"}) {
            assertNull(value("ipv6_is_in_range(RemoteIP, 'fe80::/10')", bad), bad);
        }
    }
}
