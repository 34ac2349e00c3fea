package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class HostIdentityIsStableTest {
    @Test
    void hostIdentityIsStable() {
        var a = HostIdentities.detect();
        var b = HostIdentities.detect();
        assertEquals(a, b);
        assertEquals(40, a.deviceId().length());
        assertFalse(a.deviceName().isEmpty());
        assertNotEquals(HostIdentities.deviceId("m1"), HostIdentities.deviceId("m2"));
    }
}
