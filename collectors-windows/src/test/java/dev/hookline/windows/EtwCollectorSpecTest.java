package dev.hookline.windows;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.windows.etw.Guids;
import dev.hookline.windows.etw.SessionSpec;
import dev.hookline.windows.etw.jna.EventTraceProperties;
import org.junit.jupiter.api.Test;

class EtwCollectorSpecTest {
    @Test
    void commandLinesMakeTheSessionASystemLoggerWithProcessFlag() {
        SessionSpec s = EtwCollector.spec(true, true);
        assertEquals(EtwCollector.SESSION_NAME, s.name());
        assertEquals(EventTraceProperties.EVENT_TRACE_SYSTEM_LOGGER_MODE, s.logFileMode());
        assertEquals(EventTraceProperties.EVENT_TRACE_FLAG_PROCESS, s.enableFlags());
        assertEquals(3, s.providers().size());
        assertEquals(Guids.KERNEL_PROCESS, s.providers().get(0).guid());
        assertEquals(0x10, s.providers().get(0).matchAnyKeyword());
        assertEquals(0x30, s.providers().get(1).matchAnyKeyword());
        assertEquals(0x80 | 0x1000 | 0x200 | 0x400 | 0x800, s.providers().get(2).matchAnyKeyword());
    }

    @Test
    void withoutCommandLinesOrFilesOnlyManifestProvidersAreEnabled() {
        SessionSpec s = EtwCollector.spec(false, false);
        assertEquals(0, s.logFileMode());
        assertEquals(0, s.enableFlags());
        assertEquals(2, s.providers().size());
    }
}
