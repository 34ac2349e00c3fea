package dev.hookline.windows.etw.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid.GUID;
import dev.hookline.windows.etw.EventRecordLayout;
import org.junit.jupiter.api.Test;

/**
 * JNA lays the structures out from their field lists; these sizes and offsets are the documented x64 values
 * (evntrace.h / evntcons.h), so a missing or mistyped field fails here rather than corrupting memory on Windows.
 * The host running the tests is x86_64, whose natural alignment is the same as Windows x64 for these types.
 */
class StructureLayoutTest {

    static final class Props extends EventTraceProperties {
        int off(String f) {
            return fieldOffset(f);
        }
    }

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
    void eventTracePropertiesIs120BytesWithNameOffsetsAtTheEnd() {
        assertEquals(8, com.sun.jna.Native.POINTER_SIZE, "tests assume a 64-bit JVM");
        Props p = new Props();
        assertEquals(48, new WnodeHeader().size());
        assertEquals(120, p.size());
        assertEquals(48, p.off("BufferSize"));
        assertEquals(64, p.off("LogFileMode"));
        assertEquals(72, p.off("EnableFlags"));
        assertEquals(80, p.off("NumberOfBuffers"));
        assertEquals(88, p.off("EventsLost"));
        assertEquals(92, p.off("BuffersWritten"));
        assertEquals(96, p.off("LogBuffersLost"));
        assertEquals(100, p.off("RealTimeBuffersLost"));
        assertEquals(104, p.off("LoggerThreadId"));
        assertEquals(112, p.off("LogFileNameOffset"));
        assertEquals(116, p.off("LoggerNameOffset"));
    }

    @Test
    void allocatedPropertiesCoverStructAndNameInWnodeBufferSize() {
        EventTraceProperties p = EventTraceProperties.allocate(
                EventTraceProperties.EVENT_TRACE_REAL_TIME_MODE | EventTraceProperties.EVENT_TRACE_SYSTEM_LOGGER_MODE,
                EventTraceProperties.EVENT_TRACE_FLAG_PROCESS, 256);
        Pointer m = p.getPointer();
        assertEquals(120 + 2 * 2 * EventTraceProperties.NAME_CHARS, m.getInt(0), "Wnode.BufferSize");
        assertEquals(2, m.getInt(40), "Wnode.ClientContext = system time");
        assertEquals(WnodeHeader.WNODE_FLAG_TRACED_GUID, m.getInt(44), "Wnode.Flags");
        assertEquals(256, m.getInt(48), "BufferSize (KB)");
        assertEquals(0x02000100, m.getInt(64), "LogFileMode");
        assertEquals(1, m.getInt(72), "EnableFlags");
        assertEquals(0, m.getInt(112), "LogFileNameOffset");
        assertEquals(120, m.getInt(116), "LoggerNameOffset");
    }

    @Test
    void aSessionsPropertiesCarryItsOwnWnodeGuid() {
        EventTraceProperties p = EventTraceProperties.forSession("Hookline-Kernel",
                EventTraceProperties.EVENT_TRACE_SYSTEM_LOGGER_MODE, EventTraceProperties.EVENT_TRACE_FLAG_PROCESS, 64);
        Pointer m = p.getPointer();
        java.util.UUID g = EventTraceProperties.sessionGuid("Hookline-Kernel");
        assertEquals((int) (g.getMostSignificantBits() >>> 32), m.getInt(24), "Wnode.Guid.Data1 (was left zero)");
        assertEquals((short) (g.getMostSignificantBits() >>> 16), m.getShort(28), "Wnode.Guid.Data2");
        assertEquals(0x02000100, m.getInt(64), "real-time + system logger");
        assertEquals(g, EventTraceProperties.sessionGuid("Hookline-Kernel"), "stable per session name");
        assertNotEquals(g, EventTraceProperties.sessionGuid("Other"));
    }

    @Test
    void eventTraceLogfileIs448BytesWithCallbackAt424() {
        Logfile l = new Logfile();
        assertEquals(448, l.size());
        assertEquals(8, l.off("LoggerName"));
        assertEquals(16, l.off("CurrentTime"));
        assertEquals(28, l.off("ProcessTraceMode"));
        assertEquals(32, l.off("CurrentEvent"));
        assertEquals(120, l.off("LogfileHeader"));
        assertEquals(400, l.off("BufferCallback"));
        assertEquals(408, l.off("BufferSize"));
        assertEquals(416, l.off("EventsLost"));
        assertEquals(424, l.off("EventRecordCallback"));
        assertEquals(432, l.off("IsKernelTrace"));
        assertEquals(440, l.off("Context"));
    }

    @Test
    void nestedTraceStructuresHaveDocumentedSizes() {
        assertEquals(48, new EventTraceLogfile.EventTraceHeader().size());
        assertEquals(88, new EventTraceLogfile.EventTrace().size());
        assertEquals(172, new EventTraceLogfile.TimeZoneInformation().size());
        Header h = new Header();
        assertEquals(280, h.size());
        assertEquals(56, h.off("LoggerName"));
        assertEquals(72, h.off("TimeZone"));
        assertEquals(248, h.off("BootTime"));
    }

    /** A field-by-field mirror of EVENT_RECORD, to check the hand-written offsets the reader uses. */
    @Structure.FieldOrder({"Size", "HeaderType", "Flags", "EventProperty", "ThreadId", "ProcessId", "TimeStamp",
            "ProviderId", "Id", "Version", "Channel", "Level", "Opcode", "Task", "Keyword", "ProcessorTime",
            "ActivityId", "ProcessorNumber", "Alignment", "LoggerId", "ExtendedDataCount", "UserDataLength",
            "ExtendedData", "UserData", "UserContext"})
    public static final class EventRecordMirror extends Structure {
        public short Size;
        public short HeaderType;
        public short Flags;
        public short EventProperty;
        public int ThreadId;
        public int ProcessId;
        public long TimeStamp;
        public GUID ProviderId;
        public short Id;
        public byte Version;
        public byte Channel;
        public byte Level;
        public byte Opcode;
        public short Task;
        public long Keyword;
        public long ProcessorTime;
        public GUID ActivityId;
        public byte ProcessorNumber;
        public byte Alignment;
        public short LoggerId;
        public short ExtendedDataCount;
        public short UserDataLength;
        public Pointer ExtendedData;
        public Pointer UserData;
        public Pointer UserContext;

        int off(String f) {
            return fieldOffset(f);
        }
    }

    @Test
    void eventRecordOffsetsMatchTheLayoutConstants() {
        EventRecordMirror r = new EventRecordMirror();
        assertEquals(0x70, r.size());
        assertEquals(EventRecordLayout.RECORD_SIZE, r.size());
        assertEquals(EventRecordLayout.HEADER_SIZE, r.off("ProcessorNumber"));
        assertEquals(0x0C, r.off("ProcessId"));
        assertEquals(EventRecordLayout.H_PROCESS_ID, r.off("ProcessId"));
        assertEquals(0x10, r.off("TimeStamp"));
        assertEquals(EventRecordLayout.H_TIMESTAMP, r.off("TimeStamp"));
        assertEquals(0x18, r.off("ProviderId"));
        assertEquals(EventRecordLayout.H_PROVIDER_ID, r.off("ProviderId"));
        assertEquals(0x28, r.off("Id"));
        assertEquals(EventRecordLayout.D_ID, r.off("Id"));
        assertEquals(0x2A, r.off("Version"));
        assertEquals(EventRecordLayout.D_VERSION, r.off("Version"));
        assertEquals(0x2D, r.off("Opcode"));
        assertEquals(EventRecordLayout.D_OPCODE, r.off("Opcode"));
        assertEquals(EventRecordLayout.H_FLAGS, r.off("Flags"));
        assertEquals(EventRecordLayout.H_THREAD_ID, r.off("ThreadId"));
        assertEquals(0x56, r.off("UserDataLength"));
        assertEquals(EventRecordLayout.R_USER_DATA_LENGTH, r.off("UserDataLength"));
        assertEquals(0x60, r.off("UserData"));
        assertEquals(EventRecordLayout.R_USER_DATA, r.off("UserData"));
        assertEquals(0x68, r.off("UserContext"));
        assertEquals(EventRecordLayout.R_USER_CONTEXT, r.off("UserContext"));
    }
}
