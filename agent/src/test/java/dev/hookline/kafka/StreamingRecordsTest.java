package dev.hookline.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingRecordsTest {
    private final StreamingRecords shaper = new StreamingRecords("t", 16 * 1024);

    private byte[] alert(String id, String device) {
        return shaper.alert("{\"AlertId\":\"" + id + "\",\"DeviceId\":\"" + device + "\"}", 0);
    }

    @Test
    void aMessageHoldsOneDevicesRecordsAndANewKeyStartsANewMessage() throws Exception {
        List<byte[]> entries = List.of(alert("1", "d1"), alert("2", "d1"), alert("3", "d2"), alert("4", "d1"));
        List<StreamingRecords.Message> msgs = StreamingRecords.pack(entries, 16 * 1024);
        assertEquals(3, msgs.size(), "d1 d1 | d2 | d1: order kept, one key per message");
        assertArrayEquals("d1".getBytes(StandardCharsets.UTF_8), msgs.get(0).key());
        assertEquals(2, msgs.get(0).records());
        assertEquals(2, new ObjectMapper().readTree(msgs.get(0).value()).get("records").size());
        assertArrayEquals("d2".getBytes(StandardCharsets.UTF_8), msgs.get(1).key());
    }

    @Test
    void messagesNeverExceedTheLimit() {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(alert("alert-number-" + i, "d1"));
        }
        int total = 0;
        for (StreamingRecords.Message m : StreamingRecords.pack(entries, 2_000)) {
            assertEquals(true, m.value().length <= 2_000, m.value().length + " bytes");
            total += m.records();
        }
        assertEquals(500, total);
    }

    @Test
    void anAlertWithoutDeviceHasNoKeyAndALineThatIsNotJsonIsCounted() {
        byte[] e = shaper.alert("{\"AlertId\":\"x\"}", 0);
        assertNull(StreamingRecords.key(e));
        assertNull(shaper.alert("not json", 0));
        assertEquals(1, shaper.badAlertLines());
    }
}
