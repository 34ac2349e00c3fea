package dev.hookline.windows.etw.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid.GUID;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * EVENT_TRACE_PROPERTIES (evntrace.h), 120 bytes on x64, followed in the same buffer by the session name
 * (StartTraceW copies the name to LoggerNameOffset). Wnode.BufferSize covers the structure and the name space.
 */
@Structure.FieldOrder({"Wnode", "BufferSize", "MinimumBuffers", "MaximumBuffers", "MaximumFileSize", "LogFileMode",
        "FlushTimer", "EnableFlags", "AgeLimit", "NumberOfBuffers", "FreeBuffers", "EventsLost", "BuffersWritten",
        "LogBuffersLost", "RealTimeBuffersLost", "LoggerThreadId", "LogFileNameOffset", "LoggerNameOffset"})
public class EventTraceProperties extends Structure {
    public static final int EVENT_TRACE_REAL_TIME_MODE = 0x00000100;
    /** Windows 8+: the session also receives SystemTraceProvider (kernel logger) events selected by EnableFlags. */
    public static final int EVENT_TRACE_SYSTEM_LOGGER_MODE = 0x02000000;
    /** EnableFlags: process start/end (Process class, with CommandLine and UserSID). */
    public static final int EVENT_TRACE_FLAG_PROCESS = 0x00000001;
    /** Room for the session name that ETW writes back (1024 WCHARs, as the samples reserve). */
    public static final int NAME_CHARS = 1024;

    public WnodeHeader Wnode;
    public int BufferSize;
    public int MinimumBuffers;
    public int MaximumBuffers;
    public int MaximumFileSize;
    public int LogFileMode;
    public int FlushTimer;
    public int EnableFlags;
    public int AgeLimit;
    public int NumberOfBuffers;
    public int FreeBuffers;
    public int EventsLost;
    public int BuffersWritten;
    public int LogBuffersLost;
    public int RealTimeBuffersLost;
    /** HANDLE. */
    public Pointer LoggerThreadId;
    public int LogFileNameOffset;
    public int LoggerNameOffset;

    public EventTraceProperties() {
        super();
    }

    public EventTraceProperties(Pointer p) {
        super(p);
    }

    /**
     * The properties StartTraceW gets for a real-time session named name. Wnode.Guid is set (a system-logger session
     * needs a GUID of its own; left zero it is not one): a name-based UUID, so a session re-created after a crash
     * has the same GUID as the one it replaces.
     */
    public static EventTraceProperties forSession(String name, int logFileMode, int enableFlags, int bufferKb) {
        EventTraceProperties p = allocate(EVENT_TRACE_REAL_TIME_MODE | logFileMode, enableFlags, bufferKb);
        p.Wnode.Guid = new GUID(sessionGuid(name).toString());
        p.write();
        return p;
    }

    /** The session GUID for a session name (version 3 UUID of "hookline-etw-session:" + name). */
    public static UUID sessionGuid(String name) {
        return UUID.nameUUIDFromBytes(("hookline-etw-session:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A zeroed buffer with the structure and room for the name behind it, the header fields a real-time session
     * needs filled in. The name itself is passed to StartTraceW, which copies it.
     */
    public static EventTraceProperties allocate(int logFileMode, int enableFlags, int bufferKb) {
        EventTraceProperties probe = new EventTraceProperties();
        int structSize = probe.size();
        int total = structSize + 2 * NAME_CHARS * 2;
        Memory m = new Memory(total);
        m.clear();
        EventTraceProperties p = new EventTraceProperties(m);
        p.Wnode.BufferSize = total;
        p.Wnode.Flags = WnodeHeader.WNODE_FLAG_TRACED_GUID;
        p.Wnode.ClientContext = WnodeHeader.CLOCK_SYSTEM_TIME;
        p.BufferSize = bufferKb;
        p.LogFileMode = logFileMode;
        p.EnableFlags = enableFlags;
        p.FlushTimer = 1;
        p.LoggerNameOffset = structSize;
        p.LogFileNameOffset = 0;
        p.write();
        return p;
    }
}
