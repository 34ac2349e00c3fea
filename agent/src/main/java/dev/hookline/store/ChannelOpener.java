package dev.hookline.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the store's segment files for writing. A seam: tests hand the store channels that fail like a full disk,
 * which no test can arrange with a real filesystem without root.
 */
@FunctionalInterface
public interface ChannelOpener {
    /** Owner-only (0600) files: see {@link OwnerOnly}. */
    ChannelOpener DEFAULT = OwnerOnly::open;

    /** A channel for reading and writing (created if absent, never truncated); writes go at explicit positions. */
    FileChannel open(Path path) throws IOException;

    /** The options {@link #DEFAULT} uses, for wrappers that delegate to the real file system. */
    static OpenOption[] defaultOptions() {
        return new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ};
    }
}
