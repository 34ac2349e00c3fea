package dev.hookline.windows.normalize;

import dev.hookline.schema.Event;

/** FILETIME (100 ns ticks since 1601-01-01 UTC) to epoch nanoseconds. */
public final class Filetime {
    /** 1601-01-01 to 1970-01-01 in 100 ns ticks. */
    public static final long EPOCH_DIFF_TICKS = 116_444_736_000_000_000L;

    private Filetime() {
    }

    public static long toEpochNanos(long filetime) {
        if (filetime <= 0) {
            return Event.NULL;
        }
        return (filetime - EPOCH_DIFF_TICKS) * 100L;
    }

    public static long fromEpochNanos(long nanos) {
        return nanos / 100L + EPOCH_DIFF_TICKS;
    }
}
