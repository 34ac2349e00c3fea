package dev.hookline.macos.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IpTypesTest {
    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void commonIpv4Ranges() {
        assertEquals("Loopback", IpClassifier.classify(v4(127, 0, 0, 1)));
        assertEquals("Private", IpClassifier.classify(v4(172, 31, 1, 1)));
        assertEquals("Public", IpClassifier.classify(v4(172, 32, 1, 1)));
        assertEquals("Private", IpClassifier.classify(v4(100, 64, 0, 1)));
        assertEquals("LinkLocal", IpClassifier.classify(v4(169, 254, 1, 1)));
        assertEquals("Multicast", IpClassifier.classify(v4(224, 0, 0, 251)));
        assertEquals("Broadcast", IpClassifier.classify(v4(255, 255, 255, 255)));
        assertEquals("Reserved", IpClassifier.classify(v4(203, 0, 113, 7)));
        assertEquals("Public", IpClassifier.classify(v4(8, 8, 8, 8)));
    }

    @Test
    void ipv6TextIsRfc5952AndTypesCoverMappedAndUla() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 1;
        assertEquals("FourToSixMapping", IpClassifier.classify(mapped));
        assertEquals("::ffff:100:0", IpText.format(mapped));
        byte[] ula = new byte[16];
        ula[0] = (byte) 0xfd;
        ula[15] = 1;
        assertEquals("Private", IpClassifier.classify(ula));
        assertEquals("fd00::1", IpText.format(ula));
        byte[] lo = new byte[16];
        lo[15] = 1;
        assertEquals("::1", IpText.format(lo));
        assertEquals("::", IpText.format(new byte[16]));
        byte[] twoRuns = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
        assertEquals("2001:db8:0:1::1", IpText.format(twoRuns));
    }
}
