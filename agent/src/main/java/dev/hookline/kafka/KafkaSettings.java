package dev.hookline.kafka;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Everything one Kafka output needs, resolved: brokers, topic, credentials (secrets read from the environment), the
 * spool, and the timing of the sender. {@link #producerProperties()} turns it into the producer's configuration.
 */
public final class KafkaSettings {
    /**
     * Held so the level sticks (java.util.logging keeps loggers weakly): Kafka's INFO lines (every client's whole
     * configuration) are not the agent's. Here because every producer and consumer is configured through this class.
     */
    private static final Logger KAFKA_LOG = Logger.getLogger("org.apache.kafka");

    static {
        KAFKA_LOG.setLevel(Level.WARNING);
    }

    /** Room for the request's own framing above the largest message (max.request.size). */
    static final int REQUEST_OVERHEAD = 64 * 1024;

    String name = "kafka";
    String bootstrapServers;
    String topic;
    String securityProtocol = "PLAINTEXT";
    String saslMechanism = "PLAIN";
    String saslUsername = "";
    Secret saslPassword;
    Path caCert;
    Path cert;
    Path key;
    String compression = "zstd";
    String tenantId = "";
    int maxMessageBytes = 1_000_000;
    Path spoolDir;
    long spoolMaxBytes = 256L << 20;
    long lingerMillis = 200;
    int maxBatchRecords = 5_000;
    long backoffInitialMillis = 500;
    long backoffMaxMillis = 30_000;
    long maxBlockMillis = 10_000;
    long requestTimeoutMillis = 15_000;
    long deliveryTimeoutMillis = 60_000;
    int maxPollRecords = 200;

    public KafkaSettings(String bootstrapServers, String topic, Path spoolDir) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.spoolDir = spoolDir;
    }

    /**
     * Resolves a config section: the Event Hubs shortcut, secrets from the environment ({@code env} looks a variable
     * up; System::getenv in the agent). Errors name the config key, never a secret.
     */
    public static KafkaSettings from(AgentConfig.Kafka c, String section, UnaryOperator<String> env)
            throws IOException {
        String prefix = section + ".kafka.";
        KafkaSettings s = new KafkaSettings(c.bootstrapServers().trim(), c.topic().trim(), c.spoolDir());
        s.name = section.equals("alerts") ? "kafka" : "events_kafka";
        s.securityProtocol = c.securityProtocol().toUpperCase(Locale.ROOT);
        s.saslMechanism = c.saslMechanism().toUpperCase(Locale.ROOT);
        s.saslUsername = c.saslUsername();
        s.compression = c.compression().toLowerCase(Locale.ROOT);
        s.tenantId = c.tenantId();
        s.maxMessageBytes = c.maxMessageBytes();
        s.spoolMaxBytes = c.spoolMaxMb() << 20;
        s.caCert = path(c.caCertText());
        s.cert = path(c.certText());
        s.key = path(c.keyText());
        if (!c.eventHubsConnectionStringEnv().isBlank()) {
            String var = c.eventHubsConnectionStringEnv();
            String text = env.apply(var);
            if (text == null || text.isBlank()) {
                throw new IOException(prefix + "event_hubs_connection_string_env names environment variable " + var
                        + ", which is not set");
            }
            EventHubsConnection hub;
            try {
                hub = EventHubsConnection.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IOException(prefix + "event_hubs_connection_string_env (" + var + "): " + e.getMessage());
            }
            s.eventHubs(hub);
        } else if (!c.saslPasswordEnv().isBlank()) {
            String var = c.saslPasswordEnv();
            s.saslPassword = Secret.of(env.apply(var));
            if (s.saslPassword == null) {
                throw new IOException(prefix + "sasl_password_env names environment variable " + var
                        + ", which is not set");
            }
        }
        if (s.topic.isEmpty()) {
            throw new IOException(prefix + "topic is required (or an Event Hubs connection string with EntityPath)");
        }
        return s;
    }

    private static Path path(String p) {
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    /** Event Hubs' Kafka endpoint: port 9093, SASL_SSL, PLAIN, $ConnectionString and the string as password. */
    public KafkaSettings eventHubs(EventHubsConnection hub) {
        bootstrapServers = hub.bootstrapServers();
        if (topic == null || topic.isEmpty()) {
            topic = hub.entityPath();
        }
        securityProtocol = "SASL_SSL";
        saslMechanism = "PLAIN";
        saslUsername = EventHubsConnection.USERNAME;
        saslPassword = Secret.of(hub.connectionString());
        return this;
    }

    public KafkaSettings name(String n) {
        name = n;
        return this;
    }

    public KafkaSettings sasl(String protocol, String mechanism, String user, Secret password) {
        securityProtocol = protocol;
        saslMechanism = mechanism;
        saslUsername = user;
        saslPassword = password;
        return this;
    }

    public KafkaSettings tls(Path ca, Path clientCert, Path clientKey) {
        caCert = ca;
        cert = clientCert;
        key = clientKey;
        return this;
    }

    public KafkaSettings securityProtocol(String p) {
        securityProtocol = p;
        return this;
    }

    public KafkaSettings compression(String c) {
        compression = c;
        return this;
    }

    public KafkaSettings tenantId(String t) {
        tenantId = t;
        return this;
    }

    public KafkaSettings maxMessageBytes(int n) {
        maxMessageBytes = n;
        return this;
    }

    public KafkaSettings spoolMaxBytes(long n) {
        spoolMaxBytes = n;
        return this;
    }

    public KafkaSettings lingerMillis(long n) {
        lingerMillis = n;
        return this;
    }

    /** Timing of the sender: backoff after a failure, and the producer's own timeouts. */
    public KafkaSettings timing(long backoffInitial, long backoffMax, long maxBlock, long requestTimeout,
            long deliveryTimeout) {
        backoffInitialMillis = backoffInitial;
        backoffMaxMillis = backoffMax;
        maxBlockMillis = maxBlock;
        requestTimeoutMillis = requestTimeout;
        deliveryTimeoutMillis = deliveryTimeout;
        return this;
    }

    /** Messages a consumer takes per poll (each poll's alerts are synced before its offsets are committed). */
    public KafkaSettings maxPollRecords(int n) {
        maxPollRecords = n;
        return this;
    }

    /** Another topic with the same brokers and security (an input's --topic). */
    public KafkaSettings topic(String t) {
        topic = t;
        return this;
    }

    public String topic() {
        return topic;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String securityProtocol() {
        return securityProtocol;
    }

    public String saslUsername() {
        return saslUsername;
    }

    /** The producer's configuration: idempotent, acks=all, bounded memory, TLS and SASL as configured. */
    public Properties producerProperties() throws IOException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "hookline-" + name);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // No duplicates from the producer's own retries, and no loss once acknowledged by the in-sync replicas.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxMessageBytes + REQUEST_OVERHEAD));
        // The agent runs in a small heap: the spool is the buffer, the producer only holds what is in flight.
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(4L << 20, 4L * maxMessageBytes)));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlockMillis));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeoutMillis));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(deliveryTimeoutMillis,
                requestTimeoutMillis + 5)));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, Long.toString(Math.max(1000, backoffMaxMillis)));
        security(p);
        return p;
    }

    /**
     * A consumer's configuration for {@code --from-kafka}: the same brokers and security as the output, offsets
     * committed by hand (only after the alerts of the records are durably written), read from the earliest offset
     * when the group has none yet, and read_committed (a transactional producer's aborted records are never seen).
     *
     * @param groupId the consumer group; null for a consumer that only reads assigned partitions (query's snapshot)
     */
    public Properties consumerProperties(String groupId) throws IOException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hookline-" + name);
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A poll's records are detected on and their alerts synced before the next poll: keep a poll's work small.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(requestTimeoutMillis, 15_000)));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(Math.max(deliveryTimeoutMillis, 30_000)));
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, Long.toString(Math.max(1000, backoffMaxMillis)));
        security(p);
        return p;
    }

    /** TLS and SASL as configured, the same for producers and consumers. */
    private void security(Properties p) throws IOException {
        p.put("security.protocol", securityProtocol);
        if (securityProtocol.startsWith("SASL")) {
            if (saslPassword == null) {
                throw new IOException(name + ": " + securityProtocol + " needs a SASL password");
            }
            p.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
            String module = saslMechanism.equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaasQuote(saslUsername)
                    + "\" password=\"" + jaasQuote(saslPassword.reveal()) + "\";");
        }
        if (securityProtocol.endsWith("SSL")) {
            if (caCert != null) {
                p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
                p.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, read(caCert, "ca_cert"));
            }
            if (cert != null && key != null) {
                p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
                p.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, read(cert, "cert"));
                p.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, read(key, "key"));
            }
        }
    }

    private String read(Path file, String what) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException(name + ": cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** A JAAS quoted string: backslash and double quote escaped. */
    static String jaasQuote(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The password, for redacting it from messages; null when none. */
    Secret secret() {
        return saslPassword;
    }

    @Override
    public String toString() {
        return "Kafka[" + name + " " + bootstrapServers + " topic=" + topic + " " + securityProtocol + "]";
    }
}
