package dev.hookline.transport.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Gunzip with a hard cap on the output: a gzip bomb (a few KB inflating to gigabytes) is stopped after
 * {@code maxBytes + 1} bytes instead of filling the heap.
 */
final class BoundedGunzip {
    /** The decompressed data is larger than allowed. */
    static final class TooLargeException extends IOException {
        TooLargeException(long max) {
            super("decompressed batch exceeds " + max + " bytes");
        }
    }

    private BoundedGunzip() {
    }

    static byte[] gunzip(InputStream compressed, int maxBytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(compressed, 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 1 << 16));
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
