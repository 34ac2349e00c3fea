package dev.hookline.kafka;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An Azure Event Hubs connection string ({@code Endpoint=sb://NS.servicebus.windows.net/;SharedAccessKeyName=...;
 * SharedAccessKey=...[;EntityPath=HUB]}) and what its Kafka endpoint needs: the namespace host on port 9093,
 * SASL_SSL with PLAIN, the user {@code $ConnectionString} and the whole string as the password.
 */
public record EventHubsConnection(String host, String entityPath, String connectionString) {
    /** Event Hubs' Kafka endpoint port. */
    public static final int KAFKA_PORT = 9093;
    /** The SASL PLAIN user Event Hubs expects when the password is a connection string. */
    public static final String USERNAME = "$ConnectionString";

    /** Parses the string; the message of the exception never contains the key. */
    public static EventHubsConnection parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the Event Hubs connection string is empty");
        }
        String cs = text.trim();
        Map<String, String> parts = new LinkedHashMap<>();
        for (String p : cs.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                parts.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
            }
        }
        String endpoint = parts.get("endpoint");
        if (endpoint == null || endpoint.isEmpty()) {
            throw new IllegalArgumentException("the Event Hubs connection string has no Endpoint=sb://...");
        }
        String host;
        try {
            host = URI.create(endpoint).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the Event Hubs connection string's Endpoint is not sb://HOST/: "
                    + endpoint);
        }
        if (!parts.containsKey("sharedaccesskey") && !parts.containsKey("sharedaccesssignature")) {
            throw new IllegalArgumentException("the Event Hubs connection string has no SharedAccessKey");
        }
        String entity = parts.getOrDefault("entitypath", "");
        return new EventHubsConnection(host, entity, cs);
    }

    public String bootstrapServers() {
        return host + ":" + KAFKA_PORT;
    }

    @Override
    public String toString() {
        return "EventHubsConnection[" + host + (entityPath.isEmpty() ? "" : "/" + entityPath) + "]";
    }
}
