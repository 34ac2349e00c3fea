package dev.hookline.transport.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The alert lines of one decompressed batch, kept as the received bytes: line bounds into the body and, per line,
 * its AlertId ({@link AlertIdScanner}), or null when the line is not one well-formed UTF-8 JSON object with a
 * valid id (counted invalid by
 * the sink, never stored). Built on the event loop (parsing is the collector's main per-alert CPU cost, and the
 * event loops run in parallel where the sink thread cannot), so the sink thread only dedups and copies bytes.
 * Empty lines and a CR before the LF are not lines.
 */
final class BatchLines {
    private final byte[] body;
    private final int[] starts;
    private final int[] ends;
    private final String[] ids;
    private final int size;
    private final int invalid;

    private BatchLines(byte[] body, int[] starts, int[] ends, String[] ids, int size, int invalid) {
        this.body = body;
        this.starts = starts;
        this.ends = ends;
        this.ids = ids;
        this.size = size;
        this.invalid = invalid;
    }

    /** Splits {@code body} into lines; returns null when it holds more than {@code maxLines} lines. */
    static BatchLines parse(byte[] body, int maxLines) {
        int newlines = 0;
        for (byte c : body) {
            if (c == '\n') {
                newlines++;
            }
        }
        // Sized once (a last line without '\n' is the +1); empty lines leave a few slots unused.
        int cap = Math.min(newlines, maxLines) + 1;
        int[] starts = new int[cap];
        int[] ends = new int[cap];
        int n = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    if (n == maxLines) {
                        return null;
                    }
                    starts[n] = start;
                    ends[n] = end;
                    n++;
                }
                start = i + 1;
            }
        }
        String[] ids = new String[n];
        int bad = 0;
        for (int k = 0; k < n; k++) {
            int off = starts[k];
            int len = ends[k] - off;
            String id = validUtf8(body, off, len) ? AlertIdScanner.alertId(body, off, len) : null;
            ids[k] = id;
            if (id == null) {
                bad++;
            }
        }
        return new BatchLines(body, starts, ends, ids, n, bad);
    }

    /** For tests and callers holding strings: the lines joined and parsed as a body would be. */
    static BatchLines of(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return parse(sb.toString().getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    }

    /** ASCII (nearly every alert) is checked by one pass; anything else by a strict decoder. */
    private static boolean validUtf8(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Lines in the batch, valid or not. */
    int size() {
        return size;
    }

    int invalid() {
        return invalid;
    }

    /** The AlertId of line {@code i}, null if the line is invalid. */
    String id(int i) {
        return ids[i];
    }

    byte[] body() {
        return body;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /** Line {@code i} as a string (for onward outputs, which take strings). */
    String line(int i) {
        return new String(body, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /** Every line as a string (tests). */
    List<String> strings() {
        java.util.ArrayList<String> l = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            l.add(line(i));
        }
        return l;
    }

    /** Decompressed bytes held. */
    long bytes() {
        return body.length;
    }
}
