package dev.hookline.windows.etw.jna;

import com.sun.jna.Pointer;
import dev.hookline.windows.etw.SessionStats;
import dev.hookline.windows.etw.Win32Errors;

/**
 * ControlTraceW(EVENT_TRACE_CONTROL_QUERY) → {@link SessionStats}: allocates the EVENT_TRACE_PROPERTIES buffer the
 * query fills (structure plus room for the names ETW writes back), runs the call and reads the loss fields through
 * the structure's declared layout. The call itself is a parameter so that the decoding is tested on a buffer filled
 * the way the OS fills it.
 */
final class SessionQuery {
    /** The native call, given the properties buffer; returns a Win32 status. */
    interface ControlCall {
        int query(Pointer properties);
    }

    private SessionQuery() {
    }

    static SessionStats run(ControlCall call) {
        EventTraceProperties p = EventTraceProperties.allocate(0, 0, 0);
        int status = call.query(p.getPointer());
        if (status != Win32Errors.ERROR_SUCCESS) {
            return SessionStats.failed(status);
        }
        p.read();
        return new SessionStats(status, Integer.toUnsignedLong(p.EventsLost),
                Integer.toUnsignedLong(p.RealTimeBuffersLost), Integer.toUnsignedLong(p.LogBuffersLost),
                Integer.toUnsignedLong(p.BuffersWritten));
    }
}
