package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** batch_wait_us: how long the reader lets an event's records queue up after a receive that slept. */
class AuditSettingsBatchWaitTest {
    @Test
    void defaultsToHalfAMillisecondAndZeroTurnsItOff() {
        assertEquals(500, AuditSettings.defaults().batchWaitMicros());
        assertEquals(0, AuditSettings.from(Map.of("batch_wait_us", 0)).batchWaitMicros());
        assertEquals(2000, AuditSettings.from(Map.of("batch_wait_us", "2000")).batchWaitMicros());
    }

    @Test
    void negativeHugeOrNonNumericValuesAreErrorsNamingTheKey() {
        for (Object bad : new Object[]{-1, 100_001, "soon"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AuditSettings.from(Map.of("batch_wait_us", bad)));
            assertEquals(true, e.getMessage().contains("batch_wait_us"), e.getMessage());
        }
    }
}
