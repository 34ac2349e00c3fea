package dev.hookline.windows.etw.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The ETW controller and consumer functions of advapi32.dll (evntrace.h), which jna-platform does not declare.
 * TRACEHANDLE is a 64-bit value on every Windows. Loaded on first use of {@link #INSTANCE}; nothing else in the
 * collector touches this interface on a non-Windows host.
 */
public interface Advapi32Etw extends StdCallLibrary {
    int EVENT_TRACE_CONTROL_QUERY = 0;
    int EVENT_TRACE_CONTROL_STOP = 1;
    int EVENT_CONTROL_CODE_ENABLE_PROVIDER = 1;
    int EVENT_CONTROL_CODE_CAPTURE_STATE = 2;
    /** (TRACEHANDLE) INVALID_HANDLE_VALUE on 64-bit: all ones. */
    long INVALID_PROCESSTRACE_HANDLE = 0xFFFFFFFFFFFFFFFFL;

    /** Holder so that the DLL is loaded only when a Windows code path asks for it. */
    final class Holder {
        static final Advapi32Etw INSTANCE = Native.load("advapi32", Advapi32Etw.class);

        private Holder() {
        }
    }

    static Advapi32Etw load() {
        return Holder.INSTANCE;
    }

    int StartTraceW(LongByReference traceHandle, WString instanceName, Pointer properties);

    int ControlTraceW(long traceHandle, WString instanceName, Pointer properties, int controlCode);

    int EnableTraceEx2(long traceHandle, GUID providerId, int controlCode, byte level, long matchAnyKeyword,
                       long matchAllKeyword, int timeout, Pointer enableParameters);

    long OpenTraceW(EventTraceLogfile logfile);

    int ProcessTrace(long[] handleArray, int handleCount, Pointer startTime, Pointer endTime);

    int CloseTrace(long traceHandle);
}
