package dev.hookline.windows.etw;

/**
 * A session's loss statistics as ControlTraceW(EVENT_TRACE_CONTROL_QUERY) returns them in EVENT_TRACE_PROPERTIES.
 * The values are cumulative since the session started (a re-created session starts again from zero); status is the
 * query's Win32 error (0 = the values are valid).
 */
public record SessionStats(int status, long eventsLost, long realTimeBuffersLost, long logBuffersLost,
                           long buffersWritten) {
    public boolean ok() {
        return status == Win32Errors.ERROR_SUCCESS;
    }

    public static SessionStats failed(int status) {
        return new SessionStats(status, 0, 0, 0, 0);
    }
}
