package dev.hookline.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFanOutTest {
    private static final class Counting implements EventOutput {
        final boolean fail;
        int seen;

        Counting(boolean fail) {
            this.fail = fail;
        }

        @Override
        public void write(Event event) throws IOException {
            seen++;
            if (fail) {
                throw new IOException("broken");
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of();
        }
    }

    @Test
    void aFailingOutputDoesNotKeepTheEventFromTheOthersAndItsFailureIsReported() {
        Counting broken = new Counting(true);
        Counting fine = new Counting(false);
        EventOutput out = EventFanOut.of(List.of(broken, fine));
        assertThrows(IOException.class, () -> out.write(new Event(Table.DeviceFileEvents)));
        assertEquals(1, broken.seen);
        assertEquals(1, fine.seen);
    }

    @Test
    void oneOutputIsUsedAsItIsAndNoneIsNull() {
        Counting only = new Counting(false);
        assertSame(only, EventFanOut.of(List.of(only)));
        assertEquals(null, EventFanOut.of(List.of()));
    }
}
