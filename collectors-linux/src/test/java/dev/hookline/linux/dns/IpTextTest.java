package dev.hookline.linux.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IpTextTest {
    @Test
    void anyTextualFormOfAnAddressGivesOneKey() {
        assertEquals("2001:db8::1", IpText.normalize("2001:0DB8:0:0:0:0:0:1"));
        assertEquals("2001:db8::1", IpText.normalize("[2001:db8::1]"));
        assertEquals("fe80::1", IpText.normalize("fe80::1%eth0"));
        assertEquals("10.0.0.1", IpText.normalize("::ffff:10.0.0.1"));
        assertEquals("::", IpText.normalize("::"));
        assertEquals("::1", IpText.normalize("0:0:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", IpText.normalize("2001:db8:0:1:1:1:1:1"));
        assertEquals("2001:0:0:1::1", IpText.normalize("2001:0:0:1:0:0:0:1"));
        assertEquals("127.0.0.1", IpText.normalize(" 127.0.0.1 "));
    }

    @Test
    void nonAddressesGiveNull() {
        assertNull(IpText.normalize("registry.npmjs.org"));
        assertNull(IpText.normalize("1.2.3"));
        assertNull(IpText.normalize("1.2.3.256"));
        assertNull(IpText.normalize("1::2::3"));
        assertNull(IpText.normalize("1:2:3:4:5:6:7:8:9"));
        assertNull(IpText.normalize(""));
        assertNull(IpText.normalize(null));
    }
}
