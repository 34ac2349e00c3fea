package dev.hookline.windows.etw.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.ptr.LongByReference;
import dev.hookline.windows.etw.EtwApi;
import dev.hookline.windows.etw.SessionStats;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link EtwApi} over advapi32 through JNA. Windows only; constructing it loads advapi32.dll. */
public final class JnaEtwApi implements EtwApi {
    private final Advapi32Etw lib;
    /**
     * Strong references to each open trace's logfile structure and callback: if the GC collected the callback
     * object while ProcessTrace runs, JNA would free its native trampoline and the next event would crash.
     */
    private final Map<Long, EventTraceLogfile> open = new ConcurrentHashMap<>();
    private final Set<Long> processing = ConcurrentHashMap.newKeySet();
    private final Set<Long> closed = ConcurrentHashMap.newKeySet();

    public JnaEtwApi() {
        this.lib = Advapi32Etw.load();
    }

    @Override
    public Started startTrace(String name, int logFileMode, int enableFlags, int bufferKb) {
        EventTraceProperties p = EventTraceProperties.forSession(name, logFileMode, enableFlags, bufferKb);
        LongByReference h = new LongByReference();
        int status = lib.StartTraceW(h, new WString(name), p.getPointer());
        return new Started(status, h.getValue());
    }

    @Override
    public int stopTrace(String name) {
        EventTraceProperties p = EventTraceProperties.allocate(0, 0, 0);
        return lib.ControlTraceW(0L, new WString(name), p.getPointer(), Advapi32Etw.EVENT_TRACE_CONTROL_STOP);
    }

    @Override
    public int enableProvider(long session, UUID provider, int level, long any, long all) {
        GUID g = GUID.fromString("{" + provider + "}");
        return lib.EnableTraceEx2(session, g, Advapi32Etw.EVENT_CONTROL_CODE_ENABLE_PROVIDER, (byte) level, any, all,
                0, null);
    }

    @Override
    public Opened openTrace(String name, RecordCallback callback, BufferCallback buffers) {
        EventTraceLogfile lf = new EventTraceLogfile();
        lf.LoggerName = new WString(name);
        lf.ProcessTraceMode = EventTraceLogfile.PROCESS_TRACE_MODE_REAL_TIME
                | EventTraceLogfile.PROCESS_TRACE_MODE_EVENT_RECORD;
        lf.EventRecordCallback = callback::onRecord;
        lf.BufferCallback = logfile -> {
            // Nothing may unwind into ProcessTrace, and FALSE would end the trace: always TRUE.
            try {
                buffers.onBuffer(LogfileStats.read(logfile));
            } catch (RuntimeException e) {
                // the loss counters miss one buffer's figures; the next buffer carries the cumulative values
            }
            return 1;
        };
        long h = lib.OpenTraceW(lf);
        if (h == Advapi32Etw.INVALID_PROCESSTRACE_HANDLE) {
            return new Opened(h, Native.getLastError());
        }
        open.put(h, lf);
        return new Opened(h, 0);
    }

    @Override
    public SessionStats queryTrace(String name) {
        return SessionQuery.run(p -> lib.ControlTraceW(0L, new WString(name), p, Advapi32Etw.EVENT_TRACE_CONTROL_QUERY));
    }

    @Override
    public int processTrace(long traceHandle) {
        processing.add(traceHandle);
        try {
            return lib.ProcessTrace(new long[] {traceHandle}, 1, Pointer.NULL, Pointer.NULL);
        } finally {
            processing.remove(traceHandle);
            if (closed.remove(traceHandle)) {
                open.remove(traceHandle);
            }
        }
    }

    @Override
    public int closeTrace(long traceHandle) {
        int status = lib.CloseTrace(traceHandle);
        // The callback may still run until ProcessTrace returns: drop the reference only then.
        if (processing.contains(traceHandle)) {
            closed.add(traceHandle);
        } else {
            open.remove(traceHandle);
        }
        return status;
    }
}
