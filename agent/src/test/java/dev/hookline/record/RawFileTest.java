package dev.hookline.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The recording file: framed records round-trip; a cut or damaged file is reported, never misread. */
class RawFileTest {
    private static final RawFile.Header HEADER = new RawFile.Header("linux-audit", "höst", "id-1", 4242);

    private static byte[] recording(String... texts) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (RawFile.Writer w = new RawFile.Writer(buf, HEADER)) {
            int type = 1300;
            for (String t : texts) {
                byte[] b = ("xx" + t).getBytes(StandardCharsets.UTF_8);
                w.record(type++, b, 2, b.length - 2);
            }
        }
        return buf.toByteArray();
    }

    @Test
    void recordsComeBackWithTheirTypeBytesAndTheHeader() throws Exception {
        RawFile.Contents c = RawFile.read(new ByteArrayInputStream(recording("a=1", "", "b=2")), "t");
        assertEquals(HEADER, c.header());
        assertFalse(c.truncated());
        assertEquals(3, c.records().size());
        assertEquals(1300, c.records().get(0).type());
        assertArrayEquals("a=1".getBytes(StandardCharsets.UTF_8), c.records().get(0).data());
        assertEquals(0, c.records().get(1).data().length);
        assertEquals(1302, c.records().get(2).type());
        assertTrue(c.records().get(0).readAtNanos() > 0);
    }

    @Test
    void aFileCutInsideARecordKeepsTheWholeOnesAndSaysSo() throws Exception {
        byte[] whole = recording("first record", "second record");
        RawFile.Contents c = RawFile.read(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 3)), "t");
        assertTrue(c.truncated());
        assertEquals(1, c.records().size());
    }

    @Test
    void aDamagedLengthOrAnotherFileIsAClearError() throws Exception {
        byte[] whole = recording("x");
        int firstRecord = whole.length - (4 + 12 + 1);
        whole[firstRecord] = 0x7f; // a length of about 2 GB
        IOException e = assertThrows(IOException.class, () -> RawFile.read(new ByteArrayInputStream(whole), "rec"));
        assertTrue(e.getMessage().contains("record 1 at byte " + firstRecord) && e.getMessage().contains("damaged"),
                e.getMessage());
        IOException notOurs = assertThrows(IOException.class, () -> RawFile.read(
                new ByteArrayInputStream("{\"Timestamp\":1}\n".getBytes(StandardCharsets.UTF_8)), "events.jsonl"));
        assertTrue(notOurs.getMessage().contains("not a hookline recording"), notOurs.getMessage());
    }
}
