package dev.hookline.windows.loss;

/**
 * Turns successive readings of a cumulative counter into increments. ETW's session statistics count from the
 * session's start, so a reading below the previous one means the session was re-created (the counter began again
 * at zero): the whole new reading is the increment. Starts from zero because each session this collector reads is
 * one it created. Not thread-safe: one per reading thread.
 */
final class CumulativeDelta {
    private long last;
    private long resets;

    long next(long reading) {
        long d;
        if (reading >= last) {
            d = reading - last;
        } else {
            resets++;
            d = reading;
        }
        last = reading;
        return d;
    }

    long resets() {
        return resets;
    }
}
