package dev.hookline.output;

/**
 * When a line file is forced to disk. Every line: no accepted alert is lost to a power cut, one fsync per line.
 * Interval: at most {@code intervalMillis} of lines at risk, the default (1 s). Never: the kernel decides.
 */
public record FsyncPolicy(Mode mode, long intervalMillis) {
    public enum Mode { EVERY_LINE, INTERVAL, NEVER }

    public static final long DEFAULT_INTERVAL_MILLIS = 1000;

    public FsyncPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("fsync mode must be set");
        }
        if (mode == Mode.INTERVAL && intervalMillis < 1) {
            throw new IllegalArgumentException("fsync interval must be >= 1 ms, got " + intervalMillis);
        }
    }

    public static FsyncPolicy everyLine() {
        return new FsyncPolicy(Mode.EVERY_LINE, 0);
    }

    public static FsyncPolicy interval(long millis) {
        return new FsyncPolicy(Mode.INTERVAL, millis);
    }

    public static FsyncPolicy never() {
        return new FsyncPolicy(Mode.NEVER, 0);
    }

    public static FsyncPolicy defaultPolicy() {
        return interval(DEFAULT_INTERVAL_MILLIS);
    }
}
