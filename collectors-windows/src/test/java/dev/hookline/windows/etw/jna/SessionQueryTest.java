package dev.hookline.windows.etw.jna;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.windows.etw.SessionStats;
import dev.hookline.windows.etw.Win32Errors;
import org.junit.jupiter.api.Test;

/**
 * The QUERY answer is decoded from a properties buffer filled the way ControlTraceW fills it: the loss fields at
 * their x64 offsets in EVENT_TRACE_PROPERTIES (EventsLost 88, BuffersWritten 92, LogBuffersLost 96,
 * RealTimeBuffersLost 100), written as raw bytes, not through the structure under test.
 */
class SessionQueryTest {

    @Test
    void lossFieldsAreReadFromTheirSdkOffsetsInTheBufferControlTraceFilled() {
        SessionStats s = SessionQuery.run(p -> {
            // ControlTraceW checks the buffer it is given: its size and where the name goes
            assertEquals(120 + 4 * EventTraceProperties.NAME_CHARS, p.getInt(0), "Wnode.BufferSize");
            assertEquals(120, p.getInt(116), "LoggerNameOffset");
            p.setInt(80, 64);        // NumberOfBuffers
            p.setInt(84, 60);        // FreeBuffers
            p.setInt(88, 1234);      // EventsLost
            p.setInt(92, 5000);      // BuffersWritten
            p.setInt(96, 3);         // LogBuffersLost
            p.setInt(100, 17);       // RealTimeBuffersLost
            return Win32Errors.ERROR_SUCCESS;
        });
        assertEquals(new SessionStats(0, 1234, 17, 3, 5000), s);
    }

    @Test
    void countsAboveTwoToTheThirtyOneAreUnsigned() {
        SessionStats s = SessionQuery.run(p -> {
            p.setInt(88, 0x80000001);
            return 0;
        });
        assertEquals(0x80000001L, s.eventsLost());
    }

    @Test
    void aFailedQueryGivesItsStatusAndNoFigures() {
        SessionStats s = SessionQuery.run(p -> {
            p.setInt(88, 99); // whatever the buffer holds after a failure is not read
            return Win32Errors.ERROR_WMI_INSTANCE_NOT_FOUND;
        });
        assertFalse(s.ok());
        assertEquals(Win32Errors.ERROR_WMI_INSTANCE_NOT_FOUND, s.status());
        assertEquals(0, s.eventsLost());
    }
}
