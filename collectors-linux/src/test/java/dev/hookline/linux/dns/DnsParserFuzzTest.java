package dev.hookline.linux.dns;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever bytes arrive, parser and packet decoder return a verdict: no exception of any kind. */
class DnsParserFuzzTest {
    private static final byte[] VALID = new Wire().hex("0001 8180 0001 0003 0000 0000").name("cdn.hookline.test").hex("0001 0001")
            .hex("c00c 0005 0001 00000e10 0010").name("a.edge.example")
            .hex("c02f 0005 0001 00000078 0004").name("b", false).hex("c031")
            .hex("c04b 0001 0001 0000003c 0004 c0000201").bytes();

    @net.jqwik.api.Example
    void theSeedMessageIsValidSoMutationsStartFromRealStructure() {
        java.util.List<String> names = new java.util.ArrayList<>();
        DnsMessageParser.Result r = new DnsMessageParser().parse(VALID, 0, VALID.length, (a, o, l, n, t) -> names.add(n));
        if (r != DnsMessageParser.Result.OK || !names.equals(java.util.List.of("cdn.hookline.test"))) {
            throw new AssertionError(r + " " + names);
        }
    }

    @Property(tries = 3000)
    void randomBytesNeverThrow(@ForAll @Size(max = 600) byte[] bytes) {
        DnsMessageParser p = new DnsMessageParser();
        p.parse(bytes, 0, bytes.length, (a, o, l, n, t) -> { });
        new PacketDecoder().decode(bytes, bytes.length);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.integers().between(0, VALID.length - 1).list().ofMinSize(1).ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] m = VALID.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        m[positions.get(i)] = values.get(i);
                    }
                    return m;
                }));
    }

    @Property(tries = 5000)
    void mutatedResponsesNeverThrow(@ForAll("mutated") byte[] m) {
        new DnsMessageParser().parse(m, 0, m.length, (a, o, l, n, t) -> {
            if (l != 4 && l != 16 || n == null) {
                throw new AssertionError("bad answer");
            }
        });
    }

    @Property(tries = 2000)
    void packetsWithRandomTransportNeverThrow(@ForAll @Size(min = 1, max = 200) byte[] tail, @ForAll boolean v6,
                                               @ForAll boolean tcp) {
        byte[] p = new byte[(v6 ? 40 : 20) + tail.length];
        System.arraycopy(tail, 0, p, v6 ? 40 : 20, tail.length);
        if (v6) {
            p[0] = 0x60;
            p[4] = (byte) (tail.length >> 8);
            p[5] = (byte) tail.length;
            p[6] = (byte) (tcp ? 6 : 17);
        } else {
            p[0] = 0x45;
            p[2] = (byte) (p.length >> 8);
            p[3] = (byte) p.length;
            p[9] = (byte) (tcp ? 6 : 17);
        }
        PacketDecoder d = new PacketDecoder();
        if (d.decode(p, p.length) == PacketDecoder.Kind.DNS) {
            new DnsMessageParser().parse(p, d.offset(), d.length(), (a, o, l, n, t) -> { });
        }
    }
}
