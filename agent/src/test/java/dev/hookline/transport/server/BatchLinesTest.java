package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchLinesTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesKeepTheirReceivedBytesAndIdsWithoutCrLfOrEmptyLines() {
        String a = "{\"AlertId\":\"a\",\"Row\":{\"AlertId\":\"nested\"},\"T\":\"é\"}";
        String b = "{\"x\":[1,{\"y\":2}],\"AlertId\":\"b\"}";
        BatchLines l = BatchLines.parse(bytes(a + "\r\n\n" + b), 10);
        assertEquals(2, l.size());
        assertEquals(0, l.invalid());
        assertEquals("a", l.id(0));
        assertEquals("b", l.id(1));
        assertEquals(List.of(a, b), l.strings());
        assertEquals(a.getBytes(StandardCharsets.UTF_8).length, l.end(0) - l.start(0));
    }

    @Test
    void linesThatAreNotOneJsonObjectWithAnIdAreInvalidButStillLines() {
        BatchLines l = BatchLines.parse(bytes("""
                not json
                {"AlertId":"ok"}
                {"AlertId":"a"} {"AlertId":"b"}
                {"AlertId":42}
                {"AlertId":"unterminated"
                """), 10);
        assertEquals(5, l.size());
        assertEquals(4, l.invalid());
        assertNull(l.id(0));
        assertEquals("ok", l.id(1));
        assertNull(l.id(2));
    }

    @Test
    void malformedUtf8MakesALineInvalidNotGarbageInTheSink() {
        byte[] ok = bytes("{\"AlertId\":\"x\",\"T\":\"\"}");
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0xaf})) {
            byte[] line = new byte[ok.length + bad.length];
            System.arraycopy(ok, 0, line, 0, ok.length - 2);
            System.arraycopy(bad, 0, line, ok.length - 2, bad.length);
            System.arraycopy(ok, ok.length - 2, line, ok.length - 2 + bad.length, 2);
            BatchLines l = BatchLines.parse(line, 10);
            assertEquals(1, l.invalid(), () -> "accepted malformed UTF-8 " + java.util.Arrays.toString(bad));
        }
        assertEquals(0, BatchLines.parse(ok, 10).invalid());
    }

    @Test
    void moreLinesThanAllowedIsRefusedAsAWhole() {
        assertNull(BatchLines.parse(bytes("{}\n{}\n{}\n"), 2));
        assertEquals(2, BatchLines.parse(bytes("{}\n{}\n\n\n"), 2).size());
    }
}
