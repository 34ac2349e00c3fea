package dev.hookline.collector;

/** One recorded raw input of a collector: its kind, when it was read (epoch nanoseconds) and its bytes. */
public record RawRecord(int type, long readAtNanos, byte[] data) {
}
