package dev.hookline.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IpKeysTest {
    @Test
    void anyTextualFormOfAnAddressGivesOneKey() {
        assertEquals("2001:db8::1", IpKeys.normalize("2001:0DB8:0:0:0:0:0:1"));
        assertEquals("2001:db8::1", IpKeys.normalize("[2001:db8::1]"));
        assertEquals("fe80::1", IpKeys.normalize("fe80::1%eth0"));
        assertEquals("10.0.0.1", IpKeys.normalize("::ffff:10.0.0.1"));
        assertEquals("::", IpKeys.normalize("::"));
        assertEquals("::1", IpKeys.normalize("0:0:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", IpKeys.normalize("2001:db8:0:1:1:1:1:1"));
        assertEquals("2001:0:0:1::1", IpKeys.normalize("2001:0:0:1:0:0:0:1"));
        assertEquals("127.0.0.1", IpKeys.normalize(" 127.0.0.1 "));
    }

    @Test
    void nonAddressesGiveNull() {
        assertNull(IpKeys.normalize("registry.npmjs.org"));
        assertNull(IpKeys.normalize("1.2.3"));
        assertNull(IpKeys.normalize("1.2.3.256"));
        assertNull(IpKeys.normalize("1::2::3"));
        assertNull(IpKeys.normalize("1:2:3:4:5:6:7:8:9"));
        assertNull(IpKeys.normalize(""));
        assertNull(IpKeys.normalize(null));
    }
}
