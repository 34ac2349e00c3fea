package dev.hookline.output;

import java.io.Closeable;
import java.io.IOException;

/** A file that takes whole blocks of lines and forces them to disk on request (the collector's alert file). */
public interface LineBlockFile extends Closeable {
    /** Appends {@code len} bytes holding {@code lines} complete lines, each ending in '\n'. */
    void writeLines(byte[] buf, int off, int len, int lines) throws IOException;

    /** Makes every block written so far durable. */
    void flush() throws IOException;
}
