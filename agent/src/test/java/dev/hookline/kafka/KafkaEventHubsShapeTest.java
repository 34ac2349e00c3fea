package dev.hookline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.transport.tls.FleetCerts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event Hubs' shape against a real broker: SASL_SSL with PLAIN, user $ConnectionString, the connection string as
 * the password, TLS verified against a CA (made with the project's FleetCerts) and the broker's IP in its SAN.
 */
class KafkaEventHubsShapeTest {
    private static final String CS = "Endpoint=sb://hookline-test.servicebus.windows.net/;SharedAccessKeyName=send;"
            + "SharedAccessKey=dGVzdC1rZXk=;EntityPath=mde-alerts";

    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static Path ca;

    @BeforeAll
    static void startBroker() throws Exception {
        FleetCerts.Issued authority = FleetCerts.createCa("hookline test CA", Duration.ofDays(1));
        FleetCerts.Issued server = FleetCerts.issueCollector(authority, "broker", List.of("127.0.0.1"),
                Duration.ofDays(1));
        ca = dir.resolve("ca.pem");
        Files.writeString(ca, authority.certPem(), StandardCharsets.US_ASCII);
        Path keystore = dir.resolve("broker.pem");
        Files.writeString(keystore, server.keyPem() + server.certPem(), StandardCharsets.US_ASCII);
        broker = new KafkaBroker(dir.resolve("broker"), keystore, EventHubsConnection.USERNAME, CS);
        broker.start();
        broker.createTopic("mde-alerts", 2);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private KafkaSettings eventHubs(Path spool, String connectionString) {
        KafkaSettings s = new KafkaSettings("", "", spool).eventHubs(EventHubsConnection.parse(connectionString));
        s.bootstrapServers = broker.saslBootstrap(); // the namespace's host is this broker
        return s.tls(ca, null, null).lingerMillis(20).timing(100, 1_000, 3_000, 3_000, 5_000);
    }

    @Test
    void alertsReachTheBrokerOverSaslSslPlainWithTheConnectionString() throws Exception {
        try (KafkaOutput out = new KafkaOutput(eventHubs(dir.resolve("spool-ok"), CS), null)) {
            for (int i = 0; i < 10; i++) {
                out.write("{\"AlertId\":\"h" + i + "\",\"DeviceId\":\"dev-1\"}");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.spoolDepth() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, out.spoolDepth(), "sent over SASL_SSL: " + out.lastError());
        }
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> m : broker.readAll("mde-alerts", 10, Duration.ofSeconds(20))) {
            for (JsonNode r : new ObjectMapper().readTree(m.value()).get("records")) {
                ids.add(r.get("properties").get("AlertId").asText());
            }
        }
        assertEquals(10, ids.size());
    }

    @Test
    void aWrongKeyIsRetriedAndKeepsEverythingInTheSpool() throws Exception {
        String wrong = CS.replace("dGVzdC1rZXk=", "d3Jvbmc=");
        try (KafkaOutput out = new KafkaOutput(eventHubs(dir.resolve("spool-bad"), wrong), null)) {
            out.write("{\"AlertId\":\"x\",\"DeviceId\":\"dev-1\"}");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.counters().get("retries") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(out.counters().get("retries") > 0, "the refused login is retried");
            assertEquals(1, out.spoolDepth(), "nothing is dropped");
            assertTrue(out.lastError().contains("Authentication"), out.lastError());
        }
    }
}
