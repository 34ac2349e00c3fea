package dev.hookline.net;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IpClassifierTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // IPv4, each special-purpose range at its edges
        "255.255.255.255, Broadcast",
        "0.0.0.0, Reserved", "0.255.255.255, Reserved",
        "10.0.0.0, Private", "10.255.255.255, Private",
        "100.64.0.1, Private", "100.127.255.255, Private", "100.128.0.0, Public", "100.63.255.255, Public",
        "127.0.0.1, Loopback", "127.255.255.254, Loopback",
        "169.254.0.1, LinkLocal", "169.254.255.255, LinkLocal", "169.255.0.0, Public",
        "172.16.0.0, Private", "172.31.255.255, Private", "172.15.255.255, Public", "172.32.0.0, Public",
        "192.0.0.8, Reserved", "192.0.2.1, Reserved", "192.88.99.1, Reserved",
        "192.168.0.1, Private", "192.168.255.255, Private", "192.169.0.0, Public",
        "198.18.0.1, Reserved", "198.19.255.255, Reserved", "198.20.0.0, Public",
        "198.51.100.7, Reserved", "203.0.113.9, Reserved",
        "224.0.0.1, Multicast", "239.255.255.255, Multicast",
        "240.0.0.1, Reserved", "255.255.255.254, Reserved",
        "8.8.8.8, Public", "93.184.216.34, Public", "192.31.196.1, Public", "192.175.48.1, Public",
        // IPv6
        "::1, Loopback", "::, Reserved",
        "::ffff:127.0.0.1, FourToSixMapping", "::ffff:8.8.8.8, FourToSixMapping",
        "64:ff9b::808:808, Public", "64:ff9b:1::1, Private",
        "100::1, Reserved",
        "2001::1, Teredo", "2001:0:4136:e378:8000:63bf:3fff:fdd2, Teredo",
        "2001:db8::1, Reserved", "2001:2::1, Reserved", "2001:1::1, Public", "2001:3::1, Public",
        "2001:4:112::1, Public", "2001:20::1, Public", "2001:10::1, Reserved",
        "2001:4860:4860::8888, Public", "2002:c000:204::1, Public", "2600::1, Public",
        "3fff::1, Reserved", "3fff:1000::1, Public", "5f00::1, Reserved",
        "fc00::1, Private", "fd12:3456:789a::1, Private",
        "fe80::1, LinkLocal", "febf::1, LinkLocal", "fec0::1, Private",
        "ff02::1, Multicast", "ff05::1:3, Multicast",
        "4000::1, Reserved", "::2, Reserved"
    })
    void classifiesByIanaSpecialPurposeRanges(String ip, String type) {
        assertEquals(type, IpClassifier.classify(ip));
    }

    @Test
    void nonLiteralsAreNull() {
        assertNull(IpClassifier.classify("example.com"));
        assertNull(IpClassifier.classify("1.2.3"));
        assertNull(IpClassifier.classify("1.2.3.256"));
        assertNull(IpClassifier.classify("1::2::3"));
        assertNull(IpClassifier.classify(new byte[5]));
    }

    @ParameterizedTest
    @CsvSource({
        "::1, ::1", "0:0:0:0:0:0:0:0, ::", "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", "FE80::ABCD, fe80::abcd",
        "::ffff:10.1.2.3, ::ffff:10.1.2.3", "1.2.3.4, 1.2.3.4"
    })
    void textRoundTripsInRfc5952Form(String in, String out) {
        assertEquals(out, IpText.format(IpText.parse(in)));
    }
}
