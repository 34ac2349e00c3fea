package dev.hookline.windows.etw.jna;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid.GUID;

/** WNODE_HEADER (wmistr.h), 48 bytes on x64. The two unions are declared by their 64-bit member. */
@Structure.FieldOrder({"BufferSize", "ProviderId", "HistoricalContext", "TimeStamp", "Guid", "ClientContext", "Flags"})
public class WnodeHeader extends Structure {
    /** Flags: the structure carries event-tracing information. */
    public static final int WNODE_FLAG_TRACED_GUID = 0x00020000;
    /** ClientContext: 1 = query performance counter, 2 = system time, 3 = CPU cycle counter. */
    public static final int CLOCK_SYSTEM_TIME = 2;

    public int BufferSize;
    public int ProviderId;
    public long HistoricalContext;
    /** Union of KernelHandle (HANDLE) and TimeStamp (LARGE_INTEGER). */
    public long TimeStamp;
    public GUID Guid;
    public int ClientContext;
    public int Flags;
}
