package dev.hookline.transport.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
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
        return gunzip(compressed, maxBytes, 0);
    }

    /**
     * @param sizeHint the expected size (the gzip trailer's ISIZE): the output array is allocated at that size (never
     *                 above {@code maxBytes}) and returned without a final copy when the hint is right; a wrong hint
     *                 (it is the sender's word) costs only a resize
     */
    static byte[] gunzip(InputStream compressed, int maxBytes, long sizeHint) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(compressed, 8192)) {
            byte[] out = new byte[(int) Math.max(1, Math.min(maxBytes, sizeHint > 0 ? sizeHint : 64 * 1024))];
            int n = 0;
            while (true) {
                if (n == out.length) {
                    int b = in.read(); // full: is there more?
                    if (b < 0) {
                        return out;
                    }
                    if (n >= maxBytes) {
                        throw new TooLargeException(maxBytes);
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxBytes, out.length * 2L));
                    out[n++] = (byte) b;
                    continue;
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    return Arrays.copyOf(out, n);
                }
                n += r;
            }
        }
    }
}
