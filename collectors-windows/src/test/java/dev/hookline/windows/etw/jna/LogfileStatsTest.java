package dev.hookline.windows.etw.jna;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.jna.Memory;
import dev.hookline.windows.etw.BufferStats;
import org.junit.jupiter.api.Test;

class LogfileStatsTest {

    static final class Logfile extends EventTraceLogfile {
        int off(String f) {
            return fieldOffset(f);
        }
    }

    static final class Header extends EventTraceLogfile.TraceLogfileHeader {
        int off(String f) {
            return fieldOffset(f);
        }
    }

    @Test
    void theOffsetsReadAreThoseOfTheDeclaredLogfileStructure() {
        Logfile l = new Logfile();
        Header h = new Header();
        assertEquals(l.off("BuffersRead"), LogfileStats.BUFFERS_READ);
        assertEquals(l.off("EventsLost"), LogfileStats.EVENTS_LOST);
        assertEquals(l.off("LogfileHeader"), LogfileStats.LOGFILE_HEADER);
        assertEquals(l.off("LogfileHeader") + h.off("BuffersLost"), LogfileStats.HEADER_BUFFERS_LOST);
        // the union {GUID LogInstanceGuid; {StartBuffers, PointerSize, EventsLost, CpuSpeedInMHz}}: third ULONG
        assertEquals(l.off("LogfileHeader") + h.off("LogInstanceGuid") + 8, LogfileStats.HEADER_EVENTS_LOST);
        assertEquals(396, LogfileStats.HEADER_BUFFERS_LOST, "x64: 120 + 276");
        assertEquals(168, LogfileStats.HEADER_EVENTS_LOST, "x64: 120 + 48");
    }

    @Test
    void aLogfileAsTheBufferCallbackReceivesItYieldsItsLossFigures() {
        Memory m = new Memory(448);
        m.clear();
        m.setInt(24, 812);          // BuffersRead
        m.setInt(120 + 48, 40);     // LogfileHeader.EventsLost
        m.setInt(120 + 276, 2);     // LogfileHeader.BuffersLost
        m.setInt(416, 41);          // EventsLost
        m.setInt(412, 0x7777);      // Filled, beside EventsLost: must not leak into it
        assertEquals(new BufferStats(812, 41, 40, 2), LogfileStats.read(m));
    }
}
