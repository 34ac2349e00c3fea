package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AlertIdExtractorTest {
    @Test
    void findsTheTopLevelIdAnywhereInTheObject() {
        assertEquals("abc", AlertIdExtractor.alertId("{\"x\":{\"AlertId\":\"nested\"},\"AlertId\":\"abc\",\"y\":[1]}"));
    }

    @Test
    void refusesNonObjectsTruncatedJsonMissingOrUnsafeIds() {
        assertNull(AlertIdExtractor.alertId("[1,2]"));
        assertNull(AlertIdExtractor.alertId("{\"AlertId\":\"abc\""));
        assertNull(AlertIdExtractor.alertId("{\"AlertId\":\"abc\"} trailing"));
        assertNull(AlertIdExtractor.alertId("{\"Other\":1}"));
        assertNull(AlertIdExtractor.alertId("{\"AlertId\":42}"));
        assertNull(AlertIdExtractor.alertId("{\"AlertId\":\"a\\nb\"}"));
        assertNull(AlertIdExtractor.alertId("{\"AlertId\":\"" + "x".repeat(200) + "\"}"));
        assertNull(AlertIdExtractor.alertId("not json"));
    }
}
