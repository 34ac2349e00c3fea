package dev.hookline.windows.etw.jna;

import com.sun.jna.Pointer;
import dev.hookline.windows.etw.BufferStats;

/**
 * Reads the loss fields of the EVENT_TRACE_LOGFILEW the BufferCallback receives, by offset: the callback runs once
 * per buffer on the ProcessTrace thread, and reading the whole structure through JNA would also rebuild its callback
 * fields. The offsets are the x64 ones, checked against {@link EventTraceLogfile}'s declared layout in a test.
 */
final class LogfileStats {
    static final int BUFFERS_READ = 24;
    static final int LOGFILE_HEADER = 120;
    /** TRACE_LOGFILE_HEADER: the union after BuffersWritten is {StartBuffers, PointerSize, EventsLost, CpuSpeed}. */
    static final int HEADER_EVENTS_LOST = LOGFILE_HEADER + 48;
    static final int HEADER_BUFFERS_LOST = LOGFILE_HEADER + 276;
    static final int EVENTS_LOST = 416;

    private LogfileStats() {
    }

    static BufferStats read(Pointer logfile) {
        return new BufferStats(Integer.toUnsignedLong(logfile.getInt(BUFFERS_READ)),
                Integer.toUnsignedLong(logfile.getInt(EVENTS_LOST)),
                Integer.toUnsignedLong(logfile.getInt(HEADER_EVENTS_LOST)),
                Integer.toUnsignedLong(logfile.getInt(HEADER_BUFFERS_LOST)));
    }
}
