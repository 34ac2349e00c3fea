package dev.hookline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Resolving alerts.kafka / events.kafka: the Event Hubs shortcut, secrets, validation, producer settings. */
class KafkaSettingsTest {
    private static final String CS = "Endpoint=sb://hookline-ns.servicebus.windows.net/;SharedAccessKeyName=send;"
            + "SharedAccessKey=c2VjcmV0LWtleQ==;EntityPath=mde-events";

    @Test
    void theConnectionStringGivesTheKafkaEndpointAndTheHub() {
        EventHubsConnection c = EventHubsConnection.parse(CS);
        assertEquals("hookline-ns.servicebus.windows.net:9093", c.bootstrapServers());
        assertEquals("mde-events", c.entityPath());
        assertFalse(c.toString().contains("c2VjcmV0"), "the key never prints");
    }

    @Test
    void aConnectionStringWithoutEndpointOrKeyIsRefusedWithoutEchoingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventHubsConnection.parse("SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0"));
        assertTrue(e.getMessage().contains("Endpoint"), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"));
        assertThrows(IllegalArgumentException.class,
                () -> EventHubsConnection.parse("Endpoint=sb://ns.servicebus.windows.net/"));
    }

    @Test
    void theEventHubsShortcutConfiguresSaslSslPlainWithTheConnectionStringAsPassword() throws Exception {
        AgentConfig c = ConfigLoader.parse("alerts:\n  kafka:\n    event_hubs_connection_string_env: HUB_CS\n", "t");
        KafkaSettings s = KafkaSettings.from(c.alerts().kafka(), "alerts", Map.of("HUB_CS", CS)::get);
        Properties p = s.producerProperties();
        assertEquals("hookline-ns.servicebus.windows.net:9093", p.get("bootstrap.servers"));
        assertEquals("mde-events", s.topic(), "the topic comes from EntityPath");
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("PLAIN", p.get("sasl.mechanism"));
        String jaas = (String) p.get("sasl.jaas.config");
        assertTrue(jaas.startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"$ConnectionString\" password=\"Endpoint=sb://"), jaas);
        assertEquals("true", p.get("enable.idempotence"));
        assertEquals("all", p.get("acks"));
        assertEquals("zstd", p.get("compression.type"));
        assertFalse(s.toString().contains("c2VjcmV0"));
    }

    @Test
    void anUnsetVariableIsAnErrorNamingTheKey() {
        AgentConfig c;
        try {
            c = ConfigLoader.parse("events:\n  kafka:\n    event_hubs_connection_string_env: NOPE\n", "t");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        IOException e = assertThrows(IOException.class,
                () -> KafkaSettings.from(c.events().kafka(), "events", v -> null));
        assertTrue(e.getMessage().startsWith("events.kafka.event_hubs_connection_string_env names environment "
                + "variable NOPE"), e.getMessage());
    }

    @Test
    void scramCredentialsAreQuotedForJaas() throws Exception {
        AgentConfig c = ConfigLoader.parse("alerts:\n  kafka:\n    bootstrap_servers: k1:9093,k2:9093\n"
                + "    topic: alerts\n    security_protocol: sasl_ssl\n    sasl_mechanism: SCRAM-SHA-512\n"
                + "    sasl_username: hook\n    sasl_password_env: PW\n    compression: lz4\n", "t");
        Properties p = KafkaSettings.from(c.alerts().kafka(), "alerts", Map.of("PW", "a\"b\\c")::get)
                .producerProperties();
        assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"hook\" "
                + "password=\"a\\\"b\\\\c\";", p.get("sasl.jaas.config"));
        assertEquals("lz4", p.get("compression.type"));
    }

    @Test
    void badKafkaSettingsAreConfigErrorsWithTheirKey() {
        Exception e = assertThrows(Exception.class, () -> ConfigLoader.parse(
                "alerts:\n  kafka:\n    bootstrap_servers: k:9092\n    topic: t\n    compression: snappy\n", "f"));
        assertTrue(e.getMessage().contains("'alerts.kafka.compression'"), e.getMessage());
        e = assertThrows(Exception.class, () -> ConfigLoader.parse(
                "events:\n  kafka:\n    bootstrap_servers: k:9092\n", "f"));
        assertTrue(e.getMessage().contains("'events.kafka.topic'"), e.getMessage());
        e = assertThrows(Exception.class, () -> ConfigLoader.parse(
                "alerts:\n  kafka:\n    max_message_bytes: 2000000\n", "f"));
        assertTrue(e.getMessage().contains("'alerts.kafka.max_message_bytes'"), e.getMessage());
    }

    @Test
    void theKafkaOutputsAreOffByDefaultWithSeparateSpools() {
        AgentConfig d = AgentConfig.defaults();
        assertFalse(d.alerts().kafka().enabled());
        assertFalse(d.events().kafka().enabled());
        assertEquals(Path.of("/var/lib/hookline/kafka-spool/alerts"), d.alerts().kafka().spoolDir());
        assertEquals(Path.of("/var/lib/hookline/kafka-spool/events"), d.events().kafka().spoolDir());
    }
}
