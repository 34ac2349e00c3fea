package dev.hookline.transport.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
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

    /** The first output buffer when the size hint cannot be used, and the least one allowed to a small body. */
    static final int MIN_BUFFER = 64 * 1024;
    /** The hint is believed up to this many times the compressed size (JSON lines gzip 5-15×). */
    static final int MAX_TRUSTED_RATIO = 16;

    static byte[] gunzip(InputStream compressed, int maxBytes) throws IOException {
        return gunzip(compressed, maxBytes, 0, Long.MAX_VALUE, null);
    }

    static byte[] gunzip(InputStream compressed, int maxBytes, long sizeHint) throws IOException {
        return gunzip(compressed, maxBytes, sizeHint, Long.MAX_VALUE, null);
    }

    /**
     * @param sizeHint        the expected size (the gzip trailer's ISIZE). It is the sender's word: a 39-byte body
     *                        whose trailer claimed 4 GiB made the collector allocate the whole cap (32 MiB) per
     *                        request, and 1,000 of them grew the heap by 2 GB. So the first buffer is the hint only
     *                        up to {@link #MAX_TRUSTED_RATIO} × the compressed size (at least {@link #MIN_BUFFER});
     *                        beyond, the buffer doubles as inflated bytes actually arrive, up to {@code maxBytes}. A
     *                        right hint still means one allocation and no final copy.
     * @param compressedBytes the compressed body's size
     * @param allocated       adds the bytes of every buffer allocated here (null: not counted)
     */
    static byte[] gunzip(InputStream compressed, int maxBytes, long sizeHint, long compressedBytes,
            AtomicLong allocated) throws IOException {
        long trusted = Math.max(MIN_BUFFER, Math.min(compressedBytes, Integer.MAX_VALUE) * MAX_TRUSTED_RATIO);
        long first = Math.min(sizeHint > 0 ? sizeHint : MIN_BUFFER, trusted);
        try (GZIPInputStream in = new GZIPInputStream(compressed, 8192)) {
            byte[] out = alloc((int) Math.max(1, Math.min(maxBytes, first)), allocated);
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
                    byte[] bigger = alloc((int) Math.min(maxBytes, out.length * 2L), allocated);
                    System.arraycopy(out, 0, bigger, 0, n);
                    out = bigger;
                    out[n++] = (byte) b;
                    continue;
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    byte[] exact = alloc(n, allocated);
                    System.arraycopy(out, 0, exact, 0, n);
                    return exact;
                }
                n += r;
            }
        }
    }

    private static byte[] alloc(int size, AtomicLong allocated) {
        if (allocated != null) {
            allocated.addAndGet(size);
        }
        return new byte[size];
    }
}
