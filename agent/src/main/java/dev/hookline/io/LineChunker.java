package dev.hookline.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into chunks of whole lines, so the lines can be parsed elsewhere (on other threads) while the
 * next chunk is read. Memory is bounded whatever the input: a line longer than maxLine bytes is dropped as it is read
 * (reported as an over-long line), and input that is binary rather than text (an over-long line holding NUL bytes,
 * as /dev/zero or a disk image is; or UTF-16 text) stops the reading with a message instead of being skipped forever.
 * Line ends are LF or CRLF; a UTF-8 byte order mark at the start is dropped.
 */
public final class LineChunker {
    /** The longest line kept by default: MDE rows are a few KiB; a longer line is not an events line. */
    public static final int DEFAULT_MAX_LINE = 16 << 20;
    static final int DEFAULT_CHUNK = 512 << 10;

    /**
     * Lines numbered from firstLineNo. Line i is data[starts[i], ends[i]) without its line end, or, when ends[i] is
     * {@link #OVER_LONG}, a line that was too long and dropped. stop, when not null, is why reading stopped after
     * these lines (the reader returns no more chunks).
     */
    public record Chunk(byte[] data, int[] starts, int[] ends, int lines, long firstLineNo, String stop) {
    }

    public static final int OVER_LONG = -1;

    private final InputStream in;
    private final int maxLine;
    private final int chunkSize;
    private final long cap;
    private byte[] buf;
    private int len;
    private int scan;
    private int lineStart;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int lines;
    private long nextLineNo = 1;
    private boolean started;
    private boolean eof;
    private boolean discarding;
    private boolean done;
    private String stop;

    public LineChunker(InputStream in) {
        this(in, DEFAULT_MAX_LINE, DEFAULT_CHUNK);
    }

    public LineChunker(InputStream in, int maxLine, int chunkSize) {
        if (maxLine < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("maxLine and chunkSize must be positive");
        }
        this.in = in;
        this.maxLine = maxLine;
        this.chunkSize = chunkSize;
        // the buffer grows to hold one whole line of maxLine bytes with its CR LF, no more
        this.cap = maxLine + 2L;
        this.buf = new byte[(int) Math.max(4, Math.min(chunkSize, cap))];
    }

    /** The next chunk of at least one line, or null at the end of the input. */
    public Chunk next() throws IOException {
        if (done) {
            return null;
        }
        while (true) {
            if (!started) {
                start();
                if (stop != null) {
                    return emit();
                }
            }
            scanBuffered();
            if (stop != null) {
                return emit();
            }
            if (eof) {
                if (discarding) {
                    add(OVER_LONG, OVER_LONG);
                    discarding = false;
                } else if (lineStart < len) {
                    int end = len;
                    if (buf[end - 1] == '\r') {
                        end--;
                    }
                    add(lineStart, end);
                    lineStart = len;
                }
                return emit();
            }
            if (len == buf.length) {
                if (lines > 0) {
                    return emit();
                }
                // one partial line fills the buffer (lines == 0 means it starts at 0)
                if (len >= cap) {
                    if (hasNul(buf, 0, len)) {
                        stop = "line " + nextLineNo + ": over " + sizeText(maxLine) + " with no line end, holding NUL "
                                + "bytes: binary data, not JSON lines; stopped reading";
                        return emit();
                    }
                    discarding = true; // dropped as it is read: memory stays bounded
                    len = 0;
                    scan = 0;
                } else {
                    buf = Arrays.copyOf(buf, (int) Math.min(cap, 2L * buf.length));
                }
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                eof = true;
            } else {
                len += n;
            }
        }
    }

    /** Reads the first bytes to drop a UTF-8 byte order mark and to refuse UTF-16. */
    private void start() throws IOException {
        while (len < Math.min(buf.length, 3) && !eof) {
            int n = in.read(buf, len, Math.min(buf.length, 3) - len);
            if (n < 0) {
                eof = true;
            } else {
                len += n;
            }
        }
        started = true;
        if (len >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
            lineStart = scan = 3;
        } else if (len >= 2 && ((buf[0] & 0xff) == 0xFF && (buf[1] & 0xff) == 0xFE
                || (buf[0] & 0xff) == 0xFE && (buf[1] & 0xff) == 0xFF)) {
            stop = "UTF-16 text (it starts with a UTF-16 byte order mark); events files are UTF-8: convert it, "
                    + "e.g. iconv -f UTF-16 -t UTF-8; stopped reading";
        }
    }

    /** Records the complete lines in buf[scan, len). */
    private void scanBuffered() {
        while (scan < len) {
            int nl = indexOfNewline(buf, scan, len);
            if (discarding) {
                if (nl < 0) {
                    len = 0;
                    scan = 0;
                    return;
                }
                add(OVER_LONG, OVER_LONG);
                discarding = false;
                lineStart = scan = nl + 1;
                continue;
            }
            if (nl < 0) {
                scan = len;
                return;
            }
            int end = nl;
            if (end > lineStart && buf[end - 1] == '\r') {
                end--;
            }
            if (end - lineStart > maxLine) {
                add(OVER_LONG, OVER_LONG); // complete in the buffer but still too long
            } else {
                add(lineStart, end);
            }
            lineStart = scan = nl + 1;
        }
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasNul(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private void add(int start, int end) {
        if (lines == starts.length) {
            starts = Arrays.copyOf(starts, lines * 2);
            ends = Arrays.copyOf(ends, lines * 2);
        }
        starts[lines] = start;
        ends[lines] = end;
        lines++;
    }

    /** Hands out the recorded lines; the partial line after them moves to a new buffer. */
    private Chunk emit() {
        if (stop != null || eof) {
            done = true;
        }
        if (lines == 0 && stop == null) {
            return null;
        }
        Chunk c = new Chunk(buf, Arrays.copyOf(starts, lines), Arrays.copyOf(ends, lines), lines, nextLineNo, stop);
        nextLineNo += lines;
        lines = 0;
        if (!done) {
            int tail = len - lineStart;
            byte[] next = new byte[(int) Math.max(4, Math.min(cap, Math.max(chunkSize, 2L * tail)))];
            System.arraycopy(buf, lineStart, next, 0, tail);
            buf = next;
            len = tail;
            scan = tail;
            lineStart = 0;
        }
        return c;
    }

    static String sizeText(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
