package dev.hookline.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerSmokeTest {
    @Test
    void aRealBrokerStartsAndServesMetadata(@TempDir Path dir) throws Exception {
        try (KafkaBroker b = new KafkaBroker(dir)) {
            long t = System.nanoTime();
            b.start();
            System.out.println("broker up in " + (System.nanoTime() - t) / 1_000_000 + " ms");
            b.createTopic("t", 1);
            assertFalse(b.readAll("t", 1, java.time.Duration.ofSeconds(1)).size() > 0);
        }
    }
}
