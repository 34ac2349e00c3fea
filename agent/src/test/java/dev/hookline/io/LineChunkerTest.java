package dev.hookline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LineChunkerTest {
    /** The lines as text ("<over-long>" for a dropped one), with their numbers checked to run 1, 2, 3... */
    private static List<String> lines(LineChunker chunker, List<String> stops) throws IOException {
        List<String> out = new ArrayList<>();
        LineChunker.Chunk c;
        while ((c = chunker.next()) != null) {
            assertEquals(out.size() + 1, c.firstLineNo());
            for (int i = 0; i < c.lines(); i++) {
                out.add(c.ends()[i] == LineChunker.OVER_LONG ? "<over-long>"
                        : new String(c.data(), c.starts()[i], c.ends()[i] - c.starts()[i], StandardCharsets.UTF_8));
            }
            if (c.stop() != null) {
                stops.add(c.stop());
            }
        }
        return out;
    }

    private static List<String> lines(String text, int maxLine, int chunk) throws IOException {
        return lines(bytes(text), maxLine, chunk);
    }

    private static List<String> lines(byte[] data, int maxLine, int chunk) throws IOException {
        List<String> stops = new ArrayList<>();
        List<String> out = lines(new LineChunker(new ByteArrayInputStream(data), maxLine, chunk), stops);
        assertEquals(List.of(), stops);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesSplitAcrossChunkBoundariesComeOutWholeAndInOrder() throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String line = "line " + i + " " + "x".repeat(i % 37);
            expected.add(line);
            sb.append(line).append('\n');
        }
        for (int chunk : new int[] {1, 7, 64, 1 << 20}) {
            assertEquals(expected, lines(sb.toString(), 1000, chunk), "chunk " + chunk);
        }
    }

    @Test
    void crlfLineEndsAndALastLineWithoutAnEndAreRead() throws IOException {
        assertEquals(List.of("a", "", "b", "c"), lines("a\r\n\r\nb\r\nc", 100, 3));
        assertEquals(List.of("a", "b"), lines("a\nb\r\n", 100, 64));
        assertEquals(List.of(), lines("", 100, 64));
    }

    @Test
    void aUtf8ByteOrderMarkAtTheStartIsDropped() throws IOException {
        assertEquals(List.of("{}", "\uFEFF{}"), lines("\uFEFF{}\n\uFEFF{}\n", 100, 2));
    }

    @Test
    void aLineLongerThanTheBoundIsDroppedAndTheNextLinesAreRead() throws IOException {
        String text = "short\n" + "y".repeat(1000) + "\nafter\n" + "z".repeat(17) + "\r\nlast\n" + "w".repeat(300);
        assertEquals(List.of("short", "<over-long>", "after", "<over-long>", "last", "<over-long>"),
                lines(text, 16, 8));
        assertEquals(List.of("a".repeat(16), "b"), lines("a".repeat(16) + "\r\nb", 16, 4), "exactly the bound is kept");
    }

    @Test
    void utf16TextIsRefusedWithAMessage() throws IOException {
        byte[] utf16 = "\uFEFF{}\n".getBytes(StandardCharsets.UTF_16LE);
        List<String> stops = new ArrayList<>();
        assertEquals(List.of(), lines(new LineChunker(new ByteArrayInputStream(utf16), 100, 64), stops));
        assertEquals(1, stops.size());
        assertTrue(stops.get(0).contains("UTF-16"), stops.get(0));
    }

    @Test
    @Timeout(30)
    void endlessNulBytesStopTheReadingInsteadOfFillingMemory() throws IOException {
        // as /dev/zero: never a line end, never an end of input
        InputStream zeros = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        List<String> stops = new ArrayList<>();
        LineChunker chunker = new LineChunker(new SequenceInputStream(new ByteArrayInputStream(bytes("{}\n")), zeros),
                LineChunker.DEFAULT_MAX_LINE, LineChunker.DEFAULT_CHUNK);
        assertEquals(List.of("{}"), lines(chunker, stops));
        assertEquals(1, stops.size());
        assertTrue(stops.get(0).startsWith("line 2: over 16 MiB with no line end, holding NUL bytes"), stops.get(0));
        assertNull(chunker.next());
    }

    @Test
    void aLongLineWithoutNulBytesIsDroppedWhileItIsRead() throws IOException {
        // 40 chunks of 'x' and no NUL: skipped without holding more than the bound
        byte[] data = new byte[40 * 64 + 3];
        Arrays.fill(data, (byte) 'x');
        data[data.length - 3] = '\n';
        data[data.length - 2] = 'o';
        data[data.length - 1] = 'k';
        LineChunker chunker = new LineChunker(new ByteArrayInputStream(data), 64, 16);
        List<String> stops = new ArrayList<>();
        assertEquals(List.of("<over-long>", "ok"), lines(chunker, stops));
        assertEquals(List.of(), stops);
    }
}
