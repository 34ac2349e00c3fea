package dev.hookline.windows.etw;

import com.sun.jna.Pointer;
import java.util.UUID;

/**
 * The ETW calls the session manager makes, in Java types, so that the start/stale-session/enable/open/process/stop
 * logic can be tested against a double on any OS. Status values are Win32 error codes (0 = success).
 */
public interface EtwApi {
    /** Receives each EVENT_RECORD during ProcessTrace; the pointer is valid only during the call. */
    interface RecordCallback {
        void onRecord(Pointer eventRecord);
    }

    /**
     * Told at each buffer ProcessTrace delivers (the EVENT_TRACE_LOGFILE BufferCallback), on the ProcessTrace thread;
     * the binding keeps processing whatever this does (it returns TRUE to ETW).
     */
    interface BufferCallback {
        void onBuffer(BufferStats stats);
    }

    record Started(int status, long handle) {
    }

    record Opened(long handle, int error) {
        public boolean ok() {
            return handle != INVALID_HANDLE;
        }
    }

    long INVALID_HANDLE = 0xFFFFFFFFFFFFFFFFL;

    /** StartTraceW for a real-time session with the given LogFileMode extras and kernel EnableFlags. */
    Started startTrace(String name, int logFileMode, int enableFlags, int bufferKb);

    /** ControlTraceW(STOP) by session name. */
    int stopTrace(String name);

    /** EnableTraceEx2(ENABLE_PROVIDER). */
    int enableProvider(long session, UUID provider, int level, long matchAnyKeyword, long matchAllKeyword);

    /**
     * OpenTraceW in real-time, event-record mode, with a buffer callback; the implementation holds both callbacks
     * until closeTrace.
     */
    Opened openTrace(String name, RecordCallback callback, BufferCallback buffers);

    /** ControlTraceW(EVENT_TRACE_CONTROL_QUERY) by session name: the session's loss statistics. */
    SessionStats queryTrace(String name);

    /** ProcessTrace: blocks until the session stops or the trace is closed. */
    int processTrace(long traceHandle);

    int closeTrace(long traceHandle);
}
