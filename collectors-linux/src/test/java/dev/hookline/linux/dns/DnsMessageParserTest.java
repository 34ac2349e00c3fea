package dev.hookline.linux.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.net.IpKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsMessageParserTest {
    private final DnsMessageParser parser = new DnsMessageParser();
    private final List<String> seen = new ArrayList<>();
    private final DnsMessageParser.AnswerSink sink =
            (a, off, len, name, ttl) -> seen.add(IpKeys.format(a, off, len) + "=" + name + "/" + ttl);

    private DnsMessageParser.Result parse(byte[] m) {
        return parser.parse(m, 0, m.length, sink);
    }

    @Test
    void compressedAnswerOwnerPointsToQuestion() {
        byte[] m = new Wire().hex("1234 8180 0001 0001 0000 0000").name("Registry.HookLine.test").hex("0001 0001")
                .hex("c00c 0001 0001 0000012c 0004 0a010203").bytes();
        assertEquals(DnsMessageParser.Result.OK, parse(m));
        assertEquals(List.of("10.1.2.3=registry.hookline.test/300"), seen);
    }

    @Test
    void cnameChainMapsAddressToTheQuestionNameWithTheShortestTtl() {
        Wire w = new Wire().hex("0001 8180 0001 0003 0000 0000").name("cdn.hookline.test").hex("0001 0001");
        // cdn.hookline.test CNAME a.edge.example (rdata at 12+23+4+12)
        int firstTarget = w.size() + 12;
        w.hex("c00c 0005 0001 00000e10 0010").name("a.edge.example");
        // a.edge.example CNAME b.edge.example, written with a pointer to "edge.example"
        int secondTarget = w.size() + 12;
        w.hex(String.format("c0%02x 0005 0001 00000078 0004", firstTarget)).name("b", false)
                .hex(String.format("c0%02x", firstTarget + 2));
        w.hex(String.format("c0%02x 0001 0001 0000003c 0004 c0000201", secondTarget));
        assertEquals(DnsMessageParser.Result.OK, parse(w.bytes()));
        assertEquals(List.of("192.0.2.1=cdn.hookline.test/60"), seen);
    }

    @Test
    void aaaaRecordsGiveCompressedIpv6Text() {
        byte[] m = new Wire().hex("0002 8180 0001 0002 0000 0000").name("v6.hookline.test").hex("001c 0001")
                .hex("c00c 001c 0001 00000258 0010 20010db8000000000000000000000001")
                .hex("c00c 001c 0001 00000258 0010 fe800000000000000202b3fffe1e8329").bytes();
        assertEquals(DnsMessageParser.Result.OK, parse(m));
        assertEquals(List.of("2001:db8::1=v6.hookline.test/600", "fe80::202:b3ff:fe1e:8329=v6.hookline.test/600"), seen);
    }

    @Test
    void unrelatedAnswerOwnerKeepsItsOwnName() {
        byte[] clean = new Wire().hex("0003 8180 0001 0001 0000 0000").name("asked.test").hex("0001 0001")
                .name("other.test").hex("0001 0001 00000005 0004 01020304").bytes();
        assertEquals(DnsMessageParser.Result.OK, parse(clean));
        assertEquals(List.of("1.2.3.4=other.test/5"), seen);
    }

    @Test
    void truncatedAnswerIsMalformedAndReportsNothing() {
        byte[] m = new Wire().hex("1234 8180 0001 0002 0000 0000").name("registry.hookline.test").hex("0001 0001")
                .hex("c00c 0001 0001 0000012c 0004 0a010203")
                .hex("c00c 0001 0001 0000012c 0004 0a01").bytes();
        assertEquals(DnsMessageParser.Result.MALFORMED, parse(m));
        assertTrue(seen.isEmpty());
        for (int cut = 0; cut < m.length; cut++) {
            DnsMessageParser.Result r = parser.parse(Arrays.copyOf(m, cut), 0, cut, sink);
            assertTrue(r == DnsMessageParser.Result.MALFORMED, "cut at " + cut + " gave " + r);
        }
        assertTrue(seen.isEmpty());
    }

    @Test
    void pointerLoopsAndForwardPointersAreRejected() {
        byte[] self = new Wire().hex("0004 8180 0001 0000 0000 0000 c00c 0001 0001").bytes();
        assertEquals(DnsMessageParser.Result.MALFORMED, parse(self));
        // label at 12, pointer at 16 → 18, pointer at 18 → 16: a two-step loop
        byte[] twoStep = new Wire().hex("0005 8180 0001 0000 0000 0000 03616263 c012 c010 0001 0001").bytes();
        assertEquals(DnsMessageParser.Result.MALFORMED, parse(twoStep));
        byte[] forward = new Wire().hex("0006 8180 0001 0001 0000 0000").name("a.test").hex("0001 0001")
                .hex("c040 0001 0001 0000012c 0004 0a010203").bytes();
        assertEquals(DnsMessageParser.Result.MALFORMED, parse(forward));
    }

    @Test
    void overlongNamesAndReservedLabelTypesAreRejected() {
        Wire w = new Wire().hex("0007 8180 0001 0000 0000 0000");
        for (int i = 0; i < 5; i++) {
            w.name("a".repeat(63), false);
        }
        w.hex("00 0001 0001");
        assertEquals(DnsMessageParser.Result.MALFORMED, parse(w.bytes()));
        byte[] ext = new Wire().hex("0008 8180 0001 0000 0000 0000 4100 0001 0001").bytes();
        assertEquals(DnsMessageParser.Result.MALFORMED, parse(ext));
    }

    @Test
    void queriesAreNotResponses() {
        byte[] q = new Wire().hex("1234 0100 0001 0000 0000 0000").name("registry.hookline.test").hex("0001 0001").bytes();
        assertEquals(DnsMessageParser.Result.NOT_RESPONSE, parse(q));
    }

    @Test
    void oddBytesInLabelsAreEscapedNotPassedThrough() {
        byte[] m = new Wire().hex("0009 8180 0001 0001 0000 0000 03 612e00 04 74657374 00 0001 0001")
                .hex("c00c 0001 0001 0000012c 0004 0a010203").bytes();
        assertEquals(DnsMessageParser.Result.OK, parse(m));
        assertEquals(List.of("10.1.2.3=a\\046\\000.test/300"), seen);
    }
}
