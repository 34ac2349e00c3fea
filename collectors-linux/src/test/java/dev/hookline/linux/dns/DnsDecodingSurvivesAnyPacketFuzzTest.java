package dev.hookline.linux.dns;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the passive-DNS path as the sniffer runs it: a captured packet through
 * {@link PacketDecoder} (IPv4/IPv6, UDP/TCP) and, when it holds DNS, the message through {@link DnsMessageParser}.
 * The contract is a verdict for any bytes: no exception of any kind, and every reported answer is a 4- or 16-byte
 * address inside the packet with a name. Run for real by {@code scripts/fuzz dns SECONDS}; in the suite it replays
 * the inputs under {@code DnsDecodingSurvivesAnyPacketFuzzTestInputs}.
 */
class DnsDecodingSurvivesAnyPacketFuzzTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final DnsMessageParser parser = new DnsMessageParser();

    @FuzzTest
    void anyPacketGetsAVerdictAndOnlyWellFormedAnswers(byte[] packet) {
        DnsMessageParser.AnswerSink sink = (addr, off, len, name, ttl) -> {
            if ((len != 4 && len != 16) || off < 0 || off + len > addr.length || name == null || ttl < 0) {
                throw new AssertionError("bad answer: off=" + off + " len=" + len + " name=" + name + " ttl=" + ttl);
            }
        };
        if (decoder.decode(packet, packet.length) == PacketDecoder.Kind.DNS) {
            parser.parse(packet, decoder.offset(), decoder.length(), sink);
        }
        // The bare message too: the parser must hold on its own, whatever the decoder let through.
        parser.parse(packet, 0, packet.length, sink);
    }
}
