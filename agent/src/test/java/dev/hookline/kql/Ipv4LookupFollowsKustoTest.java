package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * evaluate ipv4_lookup as the plugin's page describes it (our own ranges): a join on IPv4 keys, one row per matching
 * range (10.20.30.40 is in two of them and gets both: no longest-prefix choice), unmatched rows only with
 * return_unmatched, extra keys compared as in a join, the input's columns then the lookup table's.
 */
class Ipv4LookupFollowsKustoTest {
    private static final String DATA = "let Sites = datatable(network:string, site:string) ['10.20.0.0/16','lab',"
            + " '10.20.30.0/24','rack3', '192.0.2.0/24','docs', '198.51.100.7/32','single', 'junk','never'];\n"
            + "let Seen = datatable(ip:string, n:long) ['10.20.30.40',1, '10.20.99.1',2, '192.0.2.200',3,"
            + " '203.0.113.5',4, '198.51.100.7',5, '',6, '10.20.0.0/16',7];\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("Seen | evaluate ipv4_lookup(Sites, ip, network)", "ip,n,network,site",
                        List.of("10.20.30.40|1|10.20.0.0/16|lab", "10.20.30.40|1|10.20.30.0/24|rack3",
                                "10.20.99.1|2|10.20.0.0/16|lab", "192.0.2.200|3|192.0.2.0/24|docs",
                                "198.51.100.7|5|198.51.100.7/32|single",
                                // a masked input matches on the shorter prefix: the /16 and the /24 inside it
                                "10.20.0.0/16|7|10.20.0.0/16|lab", "10.20.0.0/16|7|10.20.30.0/24|rack3")),
                Arguments.of("Seen | evaluate ipv4_lookup(Sites, ip, network, return_unmatched = true) | project n, site",
                        "n,site", List.of("1|lab", "1|rack3", "2|lab", "3|docs", "4|", "5|single", "6|", "7|lab",
                                "7|rack3")),
                Arguments.of("Seen | evaluate ipv4_lookup(Sites, ip, network, true) | where isempty(network) | project n",
                        "n", List.of("4", "6")),
                Arguments.of("Seen | evaluate ipv4_lookup((Sites | where site != 'lab'), ip, network) | project n, site",
                        "n,site", List.of("1|rack3", "3|docs", "5|single", "7|rack3")),
                // a lookup column named like an input column gets the join's suffix
                Arguments.of("Seen | evaluate ipv4_lookup((Sites | extend n = 0), ip, network) | take 1",
                        "ip,n,network,site,n1", List.of("10.20.30.40|1|10.20.0.0/16|lab|0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void joinsOnIpv4RangesAsThePluginPageSays(String q, String columns, List<String> rows) {
        assertEquals(columns, Rows.columns(DATA + q));
        assertEquals(rows, Rows.run(DATA + q));
    }

    @Test
    void extraKeysMustBeEqualAndShowOnce() {
        String q = "let Nets = datatable(range:string, tenant:string, owner:string) ['10.0.0.0/8','a','ann',"
                + " '10.0.0.0/8','b','bob'];\n"
                + "datatable(addr:string, tenant:string) ['10.1.2.3','b', '10.1.2.4','c']\n"
                + "| evaluate ipv4_lookup(Nets, addr, range, tenant, return_unmatched = true)";
        assertEquals("addr,tenant,range,owner", Rows.columns(q));
        assertEquals(List.of("10.1.2.3|b|10.0.0.0/8|bob", "10.1.2.4|c||"), Rows.run(q));
    }

    @Test
    void badArgumentsNameTheColumnAtItsLineAndColumn() {
        KqlException e = assertThrows(KqlException.class,
                () -> Kql.compile(DATA + "Seen\n| evaluate ipv4_lookup(Sites, addr, network)"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("ipv4_lookup: 'addr' is not a column of the input"), e.getMessage());
        KqlException flag = assertThrows(KqlException.class,
                () -> Kql.compile(DATA + "Seen | evaluate ipv4_lookup(Sites, ip, network, return_unmatched = 1)"));
        assertTrue(flag.getMessage().contains("return_unmatched must be true or false"), flag.getMessage());
        KqlException type = assertThrows(KqlException.class,
                () -> Kql.compile(DATA + "Seen | evaluate ipv4_lookup(Sites, n, network)"));
        assertTrue(type.getMessage().contains("the IPv4 keys are strings"), type.getMessage());
    }
}
