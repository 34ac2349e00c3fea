package dev.hookline.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the events-file reader (what {@code --events FILE} reads): any bytes as a file of JSON
 * lines, with a small line limit and small chunks so the limits are reached. The contract: bad lines are skipped
 * or repaired and counted, input that is not text stops the reading with a reason; nothing throws, and the events
 * delivered are never more than the lines read.
 */
class EventFileReaderSurvivesAnyBytesFuzzTest {

    @FuzzTest
    // Dictionary tokens are in libFuzzer's dictionary syntax: \" for a quote, \xNN for other bytes.
    @DictionaryEntries({"{\\\"Timestamp\\\":\\\"2026-01-02T03:04:05Z\\\"", ",\\\"DeviceName\\\":\\\"h\\\"",
            ",\\\"ActionType\\\":\\\"ProcessCreated\\\"", ",\\\"FileName\\\":\\\"curl\\\"", ",\\\"ProcessId\\\":",
            ",\\\"Table\\\":\\\"DeviceProcessEvents\\\"", ",\\\"$table\\\":\\\"DeviceFileEvents\\\"",
            ",\\\"RemotePort\\\":443", ",\\\"AdditionalFields\\\":{", ",\\\"ProcessCommandLine\\\":\\\"a b\\\"",
            "}\\x0A", "\\x0D\\x0A", "\\xEF\\xBB\\xBF", "\\\\u0000", "\\\\ud800", "null", "true", "1e400", "[", "]"})
    void anyBytesAreReadSkippedOrStoppedNeverThrown(byte[] data) throws IOException {
        EventFileReader r = new EventFileReader("fuzz.jsonl", 1024, 4096, 1);
        long[] delivered = {0};
        long n = r.read(new ByteArrayInputStream(data), e -> delivered[0]++);
        long lines = 1;
        for (byte b : data) {
            if (b == '\n') {
                lines++;
            }
        }
        if (n != delivered[0] || n > lines) {
            throw new AssertionError(n + " events reported, " + delivered[0] + " delivered, from " + lines + " lines");
        }
        r.reports();
    }
}
