package dev.hookline.windows.etw.jna;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid.GUID;

/**
 * EVENT_TRACE_LOGFILEW (evntrace.h), 448 bytes on x64 with EventRecordCallback at 424. The nested EVENT_TRACE and
 * TRACE_LOGFILE_HEADER are declared in full so that JNA's layout, not hand-written offsets, places the fields
 * OpenTraceW reads; unions are declared by their widest member.
 */
@Structure.FieldOrder({"LogFileName", "LoggerName", "CurrentTime", "BuffersRead", "ProcessTraceMode", "CurrentEvent",
        "LogfileHeader", "BufferCallback", "BufferSize", "Filled", "EventsLost", "EventRecordCallback", "IsKernelTrace",
        "Context"})
public class EventTraceLogfile extends Structure {
    public static final int PROCESS_TRACE_MODE_REAL_TIME = 0x00000100;
    public static final int PROCESS_TRACE_MODE_EVENT_RECORD = 0x10000000;

    /** PEVENT_RECORD_CALLBACK: void (PEVENT_RECORD). Keep a strong reference for as long as the trace is open. */
    public interface EventRecordCallback extends Callback {
        void callback(Pointer eventRecord);
    }

    /** PEVENT_TRACE_BUFFER_CALLBACKW: return TRUE to continue processing. */
    public interface BufferCallback extends Callback {
        int callback(Pointer logfile);
    }

    public WString LogFileName;
    public WString LoggerName;
    public long CurrentTime;
    public int BuffersRead;
    /** Union with LogFileMode. */
    public int ProcessTraceMode;
    public EventTrace CurrentEvent;
    public TraceLogfileHeader LogfileHeader;
    public BufferCallback BufferCallback;
    public int BufferSize;
    public int Filled;
    public int EventsLost;
    /** Union with EventCallback; used because ProcessTraceMode has PROCESS_TRACE_MODE_EVENT_RECORD. */
    public EventRecordCallback EventRecordCallback;
    public int IsKernelTrace;
    public Pointer Context;

    /** EVENT_TRACE_HEADER, 48 bytes. */
    @Structure.FieldOrder({"Size", "FieldTypeFlags", "Version", "ThreadId", "ProcessId", "TimeStamp", "Guid",
            "ProcessorTime"})
    public static class EventTraceHeader extends Structure {
        public short Size;
        public short FieldTypeFlags;
        public int Version;
        public int ThreadId;
        public int ProcessId;
        public long TimeStamp;
        public GUID Guid;
        public long ProcessorTime;
    }

    /** EVENT_TRACE, 88 bytes on x64. */
    @Structure.FieldOrder({"Header", "InstanceId", "ParentInstanceId", "ParentGuid", "MofData", "MofLength",
            "ClientContext"})
    public static class EventTrace extends Structure {
        public EventTraceHeader Header;
        public int InstanceId;
        public int ParentInstanceId;
        public GUID ParentGuid;
        public Pointer MofData;
        public int MofLength;
        public int ClientContext;
    }

    /** SYSTEMTIME, 16 bytes. */
    @Structure.FieldOrder({"wYear", "wMonth", "wDayOfWeek", "wDay", "wHour", "wMinute", "wSecond", "wMilliseconds"})
    public static class SystemTime extends Structure {
        public short wYear;
        public short wMonth;
        public short wDayOfWeek;
        public short wDay;
        public short wHour;
        public short wMinute;
        public short wSecond;
        public short wMilliseconds;
    }

    /** TIME_ZONE_INFORMATION, 172 bytes. */
    @Structure.FieldOrder({"Bias", "StandardName", "StandardDate", "StandardBias", "DaylightName", "DaylightDate",
            "DaylightBias"})
    public static class TimeZoneInformation extends Structure {
        public int Bias;
        /** WCHAR[32]: short, not char, whose JNA size follows the platform wchar_t (4 bytes on Linux). */
        public short[] StandardName = new short[32];
        public SystemTime StandardDate;
        public int StandardBias;
        public short[] DaylightName = new short[32];
        public SystemTime DaylightDate;
        public int DaylightBias;
    }

    /** TRACE_LOGFILE_HEADER, 280 bytes on x64. */
    @Structure.FieldOrder({"BufferSize", "Version", "ProviderVersion", "NumberOfProcessors", "EndTime",
            "TimerResolution", "MaximumFileSize", "LogFileMode", "BuffersWritten", "LogInstanceGuid", "LoggerName",
            "LogFileName", "TimeZone", "BootTime", "PerfFreq", "StartTime", "ReservedFlags", "BuffersLost"})
    public static class TraceLogfileHeader extends Structure {
        public int BufferSize;
        public int Version;
        public int ProviderVersion;
        public int NumberOfProcessors;
        public long EndTime;
        public int TimerResolution;
        public int MaximumFileSize;
        public int LogFileMode;
        public int BuffersWritten;
        /** Union with {StartBuffers, PointerSize, EventsLost, CpuSpeedInMHz}. */
        public GUID LogInstanceGuid;
        public Pointer LoggerName;
        public Pointer LogFileName;
        public TimeZoneInformation TimeZone;
        public long BootTime;
        public long PerfFreq;
        public long StartTime;
        public int ReservedFlags;
        public int BuffersLost;
    }
}
