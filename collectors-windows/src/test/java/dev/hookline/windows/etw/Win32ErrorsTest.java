package dev.hookline.windows.etw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Win32ErrorsTest {
    @Test
    void namesKnownCodesAndShowsUnknownOnesByNumber() {
        assertTrue(Win32Errors.describe("StartTraceW", 5).contains("ERROR_ACCESS_DENIED"));
        assertTrue(Win32Errors.describe("StartTraceW", 5).contains("Administrator"));
        assertTrue(Win32Errors.describe("StartTraceW", 183).contains("(code 183)"));
        assertEquals("OpenTraceW failed: Win32 error (code 12345)", Win32Errors.describe("OpenTraceW", 12345));
    }
}
