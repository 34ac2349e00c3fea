package dev.hookline.windows.etw;

/**
 * What the consumer side says at each delivered buffer (EVENT_TRACE_LOGFILE as the BufferCallback receives it):
 * buffers read so far, the logfile's EventsLost, and the logfile header's EventsLost and BuffersLost. Cumulative.
 */
public record BufferStats(long buffersRead, long eventsLost, long headerEventsLost, long headerBuffersLost) {
}
