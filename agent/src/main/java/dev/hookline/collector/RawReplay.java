package dev.hookline.collector;

/**
 * Feeds a collector's recorded raw input ({@link RawRecorder}) back through its decoders and normalizers, so a
 * recording from a real host yields the rows the collector made there ({@code hookline replay}, regression tests).
 */
public interface RawReplay {
    /**
     * Publishes to {@code context.events()} the rows the records make, in order, and returns once every record is
     * read and whatever the collector still held (an open write burst, an unfinished event) is published. A
     * record the decoders cannot read is counted and skipped as on a live host, never thrown.
     */
    void replay(Iterable<RawRecord> records, CollectorContext context) throws CollectorException;
}
