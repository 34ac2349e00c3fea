package dev.hookline.config;

import dev.hookline.output.FsyncPolicy;
import dev.hookline.ring.OverrunPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's configuration. Field initializers are the embedded defaults (documented, with the same values, in
 * {@code hookline-default.yaml}); a config file only overrides the keys it names. YAML keys are the snake_case
 * field names. Read with {@link ConfigLoader}.
 */
public final class AgentConfig {
    /** How the agent runs. Only standalone (local rules, local alert file) exists in this version. */
    public enum Mode { STANDALONE }

    private Mode mode = Mode.STANDALONE;
    private Ring ring = new Ring();
    private Alerts alerts = new Alerts();
    private Events events = new Events();
    private RawEvents rawEvents = new RawEvents();
    private Store store = new Store();
    private Control control = new Control();
    private Health health = new Health();
    private Metrics metrics = new Metrics();
    private Rules rules = new Rules();
    private Kql kql = new Kql();
    private CollectorServer collectorServer = new CollectorServer();
    /** Values are sections (maps) or null for an empty section; checked by ConfigValidator. */
    private Map<String, Object> collectors = new LinkedHashMap<>();

    public static AgentConfig defaults() {
        return new AgentConfig();
    }

    public Mode mode() {
        return mode;
    }

    public Ring ring() {
        return ring;
    }

    public Alerts alerts() {
        return alerts;
    }

    public RawEvents rawEvents() {
        return rawEvents;
    }

    /** Where every raw event goes besides the rules (off by default). */
    public Events events() {
        return events;
    }

    /** The on-disk event store: every event the agent produces, kept for days, for hunting and scheduled rules. */
    public Store store() {
        return store;
    }

    public Control control() {
        return control;
    }

    public Health health() {
        return health;
    }

    /** The Prometheus endpoint of `hookline run` (off by default). */
    public Metrics metrics() {
        return metrics;
    }

    public Rules rules() {
        return rules;
    }

    /** Settings of the KQL engine that queries and rules share. */
    public Kql kql() {
        return kql;
    }

    /** Settings of `hookline collector`, the fleet's alert collector (not used by `hookline run`). */
    public CollectorServer collectorServer() {
        return collectorServer;
    }

    /** The names of the collectors that have a section, in file order. */
    public Set<String> collectorNames() {
        return Collections.unmodifiableSet(collectors.keySet());
    }

    /**
     * One collector's section for {@code CollectorContext.config()}, as written (its keys are the collector's to
     * check); empty when absent or empty.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> collector(String name) {
        Object m = collectors.get(name);
        return m instanceof Map ? Collections.unmodifiableMap((Map<String, Object>) m) : Map.of();
    }

    Map<String, Object> collectorsRaw() {
        return collectors;
    }

    /** The event ring between the collectors and the rule engine. */
    public static final class Ring {
        private long memoryMb = 32;
        private OverrunPolicy overrunPolicy = OverrunPolicy.DROP;

        public long memoryMb() {
            return memoryMb;
        }

        public long memoryBytes() {
            return memoryMb << 20;
        }

        public OverrunPolicy overrunPolicy() {
            return overrunPolicy;
        }
    }

    /** Alert outputs. */
    public static final class Alerts {
        private AlertFile file = new AlertFile();
        private Shipping collector = new Shipping();
        private Sentinel sentinel = new Sentinel();
        private AlertKafka kafka = new AlertKafka();

        public AlertFile file() {
            return file;
        }

        /** Publishing to Kafka or Azure Event Hubs (docs/kafka.md); off while no broker is named. */
        public Kafka kafka() {
            return kafka;
        }

        /** Forwarding to Microsoft Sentinel (Logs Ingestion API); off while endpoint is empty. */
        public Sentinel sentinel() {
            return sentinel;
        }

        /** Replaces the Sentinel section (hookline watch takes it from the user's config file). */
        public void sentinel(Sentinel s) {
            this.sentinel = s;
        }

        /** Shipping to a Hookline collector; off while host is empty. */
        public Shipping collector() {
            return collector;
        }
    }

    /** Mutual-TLS files: CA that signs the peer, our certificate and key (PEM). All empty: plaintext. */
    public static class TlsPaths {
        String caCert = "";
        String cert = "";
        String key = "";

        public boolean tlsEnabled() {
            return !caCert.isBlank() || !cert.isBlank() || !key.isBlank();
        }

        public Path caCert() {
            return Path.of(caCert);
        }

        public Path cert() {
            return Path.of(cert);
        }

        public Path key() {
            return Path.of(key);
        }
    }

    /** Alerts shipped to a collector through a durable on-disk spool (at-least-once, deduplicated there). */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"host", "port", "spool_dir", "spool_max_mb", "ca_cert", "cert",
            "key", "bearer_token_env"})
    public static final class Shipping extends TlsPaths {
        private String host = "";
        private int port = 8443;
        private String spoolDir = "/var/lib/hookline/spool";
        private long spoolMaxMb = 256;
        private String bearerTokenEnv = "";

        public boolean enabled() {
            return !host.isBlank();
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        public Path spoolDir() {
            return Path.of(spoolDir);
        }

        public long spoolMaxMb() {
            return spoolMaxMb;
        }

        /** The name of the environment variable holding a bearer token, or "" for none. */
        public String bearerTokenEnv() {
            return bearerTokenEnv;
        }
    }

    /**
     * Microsoft Sentinel through the Azure Monitor Logs Ingestion API (docs/sentinel.md). A client_secret written in
     * the config file makes the loader refuse a file that group or others can read; client_secret_env is preferred.
     */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"endpoint", "dcr_immutable_id", "alerts_stream", "raw_events",
            "cloud", "tenant_id", "client_id", "client_secret", "client_secret_env", "client_certificate",
            "client_certificate_key", "managed_identity", "managed_identity_endpoint", "federated_token_file",
            "federated_token_file_env", "github_oidc", "federated_audience", "authority_host", "ca_cert", "spool_dir",
            "spool_max_mb", "close_drain_seconds"})
    public static final class Sentinel {
        private String endpoint = "";
        private String dcrImmutableId = "";
        private String alertsStream = "Custom-HooklineAlerts";
        private boolean rawEvents = false;
        private String tenantId = "";
        private String clientId = "";
        @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = RedactingSerializer.class)
        private String clientSecret = "";
        private String clientSecretEnv = "";
        private String clientCertificate = "";
        private String clientCertificateKey = "";
        private String cloud = "AzurePublic";
        private String managedIdentity = "";
        private String managedIdentityEndpoint = "";
        private String federatedTokenFile = "";
        private String federatedTokenFileEnv = "";
        private boolean githubOidc = false;
        private String federatedAudience = "";
        private String authorityHost = "";
        private String caCert = "";
        private String spoolDir = "/var/lib/hookline/sentinel-spool";
        private long spoolMaxMb = 256;
        private long closeDrainSeconds = 0;

        public boolean enabled() {
            return !endpoint.isBlank();
        }

        /** How long stopping waits for Sentinel to accept what is spooled (0: the spool keeps it for next start). */
        public long closeDrainSeconds() {
            return closeDrainSeconds;
        }

        /** For hookline watch: a CI runner does not come back, so the spool must empty before the job ends. */
        public Sentinel withCloseDrainSeconds(long seconds) {
            this.closeDrainSeconds = seconds;
            return this;
        }

        public String endpoint() {
            return endpoint;
        }

        public String dcrImmutableId() {
            return dcrImmutableId;
        }

        public String alertsStream() {
            return alertsStream;
        }

        public boolean rawEvents() {
            return rawEvents;
        }

        public String tenantId() {
            return tenantId;
        }

        public String clientId() {
            return clientId;
        }

        /** The secret written in the config file ("" when none); never print it. */
        public String clientSecret() {
            return clientSecret;
        }

        public String clientSecretEnv() {
            return clientSecretEnv;
        }

        public String clientCertificate() {
            return clientCertificate;
        }

        public String clientCertificateKey() {
            return clientCertificateKey;
        }

        /** AzurePublic, AzureUSGovernment or AzureChina: the Entra authority and ingestion scope together. */
        public String cloud() {
            return cloud;
        }

        /** "" (none), "imds" (Azure VMs) or "arc" (Azure Arc-enabled servers). */
        public String managedIdentity() {
            return managedIdentity;
        }

        /** Overrides the managed identity endpoint (IMDS's address, or $IDENTITY_ENDPOINT for Arc); "" = those. */
        public String managedIdentityEndpoint() {
            return managedIdentityEndpoint;
        }

        /** Workload identity federation: the file holding the external OIDC token, or "". */
        public String federatedTokenFile() {
            return federatedTokenFile;
        }

        /** Workload identity federation: the environment variable naming that file (AZURE_FEDERATED_TOKEN_FILE). */
        public String federatedTokenFileEnv() {
            return federatedTokenFileEnv;
        }

        /** Workload identity federation from the GitHub Actions OIDC endpoint. */
        public boolean githubOidc() {
            return githubOidc;
        }

        /** The federated token's audience; "" = the cloud's documented one. */
        public String federatedAudience() {
            return federatedAudience;
        }

        /** The Entra host; "" = the cloud's. */
        public String authorityHost() {
            return authorityHost;
        }

        /** A PEM CA to trust instead of the JDK's default trust store, or "" (the default). */
        public String caCert() {
            return caCert;
        }

        public Path spoolDir() {
            return Path.of(spoolDir);
        }

        String spoolDirText() {
            return spoolDir;
        }

        public long spoolMaxMb() {
            return spoolMaxMb;
        }

        @Override
        public String toString() {
            return "Sentinel[endpoint=" + endpoint + ", dcr=" + dcrImmutableId + ", client=" + clientId + "]";
        }
    }

    /** Raw-event outputs. */
    public static final class Events {
        private EventKafka kafka = new EventKafka();

        /** Every event to Kafka or Azure Event Hubs in the Defender streaming API's envelope; off by default. */
        public Kafka kafka() {
            return kafka;
        }
    }

    /**
     * A Kafka or Azure Event Hubs destination (docs/kafka.md): records in the Defender streaming API's envelope,
     * through a durable spool. Off while both bootstrap_servers and event_hubs_connection_string_env are empty.
     * Enumerated values (security_protocol, sasl_mechanism, compression) are checked by ConfigValidator.
     */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"bootstrap_servers", "topic", "event_hubs_connection_string_env",
            "security_protocol", "sasl_mechanism", "sasl_username", "sasl_password_env", "ca_cert", "cert", "key",
            "compression", "tenant_id", "max_message_bytes", "spool_dir", "spool_max_mb"})
    public abstract static class Kafka extends TlsPaths {
        private String bootstrapServers = "";
        private String topic = "";
        private String eventHubsConnectionStringEnv = "";
        private String securityProtocol = "PLAINTEXT";
        private String saslMechanism = "PLAIN";
        private String saslUsername = "";
        private String saslPasswordEnv = "";
        private String compression = "zstd";
        private String tenantId = "";
        private int maxMessageBytes = 1_000_000;
        String spoolDir;
        private long spoolMaxMb = 256;

        Kafka(String spoolDir) {
            this.spoolDir = spoolDir;
        }

        public boolean enabled() {
            return !bootstrapServers.isBlank() || !eventHubsConnectionStringEnv.isBlank();
        }

        public String bootstrapServers() {
            return bootstrapServers;
        }

        public String topic() {
            return topic;
        }

        public String eventHubsConnectionStringEnv() {
            return eventHubsConnectionStringEnv;
        }

        public String securityProtocol() {
            return securityProtocol;
        }

        public String saslMechanism() {
            return saslMechanism;
        }

        public String saslUsername() {
            return saslUsername;
        }

        public String saslPasswordEnv() {
            return saslPasswordEnv;
        }

        public String caCertText() {
            return caCert;
        }

        public String certText() {
            return cert;
        }

        public String keyText() {
            return key;
        }

        public String compression() {
            return compression;
        }

        public String tenantId() {
            return tenantId;
        }

        public int maxMessageBytes() {
            return maxMessageBytes;
        }

        public Path spoolDir() {
            return Path.of(spoolDir);
        }

        String spoolDirText() {
            return spoolDir;
        }

        public long spoolMaxMb() {
            return spoolMaxMb;
        }
    }

    /** alerts.kafka: its own spool directory. */
    public static final class AlertKafka extends Kafka {
        public AlertKafka() {
            super("/var/lib/hookline/kafka-spool/alerts");
        }
    }

    /** events.kafka: its own spool directory, so a flood of events never evicts alerts. */
    public static final class EventKafka extends Kafka {
        public EventKafka() {
            super("/var/lib/hookline/kafka-spool/events");
        }
    }

    /** Writes a secret as "<redacted>" (empty stays empty) so `hookline config show` never prints it. */
    static final class RedactingSerializer extends com.fasterxml.jackson.databind.JsonSerializer<String> {
        @Override
        public void serialize(String v, com.fasterxml.jackson.core.JsonGenerator g,
                com.fasterxml.jackson.databind.SerializerProvider p) throws java.io.IOException {
            g.writeString(v == null || v.isEmpty() ? "" : "<redacted>");
        }
    }

    /** `hookline collector`: where it listens, its TLS files and its data directory. */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"bind", "port", "data_dir", "ca_cert", "cert", "key",
            "bearer_token_env", "header_timeout_ms", "request_timeout_ms", "metrics"})
    public static final class CollectorServer extends TlsPaths {
        private String bind = "0.0.0.0";
        private int port = 8443;
        private String dataDir = "/var/lib/hookline/collector";
        private String bearerTokenEnv = "";
        private long headerTimeoutMs = 10_000;
        private long requestTimeoutMs = 30_000;
        private Metrics metrics = new Metrics();

        /** The collector's own Prometheus endpoint (off by default). */
        public Metrics metrics() {
            return metrics;
        }

        /** A request's headers must be complete this long after its first byte (slow-header senders). */
        public long headerTimeoutMs() {
            return headerTimeoutMs;
        }

        /** A request's body must be complete this long after its headers. */
        public long requestTimeoutMs() {
            return requestTimeoutMs;
        }

        public String bind() {
            return bind;
        }

        public int port() {
            return port;
        }

        public Path dataDir() {
            return Path.of(dataDir);
        }

        public String bearerTokenEnv() {
            return bearerTokenEnv;
        }
    }

    /** fsync modes as written in the config. */
    public enum FsyncMode { EVERY_LINE, INTERVAL, NEVER }

    /** The local alert file (JSON lines). */
    public static final class AlertFile {
        private String path = "/var/lib/hookline/alerts.jsonl";
        private long rotateSizeMb = 64;
        private int keep = 5;
        private FsyncMode fsync = FsyncMode.INTERVAL;
        private long fsyncIntervalMs = FsyncPolicy.DEFAULT_INTERVAL_MILLIS;

        public Path path() {
            return Path.of(path);
        }

        String pathText() {
            return path;
        }

        public long rotateSizeMb() {
            return rotateSizeMb;
        }

        public long rotateBytes() {
            return rotateSizeMb << 20;
        }

        public int keep() {
            return keep;
        }

        public FsyncMode fsync() {
            return fsync;
        }

        public long fsyncIntervalMs() {
            return fsyncIntervalMs;
        }

        public FsyncPolicy fsyncPolicy() {
            return toPolicy(fsync, fsyncIntervalMs);
        }
    }

    static FsyncPolicy toPolicy(FsyncMode mode, long intervalMs) {
        switch (mode) {
            case EVERY_LINE:
                return FsyncPolicy.everyLine();
            case NEVER:
                return FsyncPolicy.never();
            default:
                return FsyncPolicy.interval(intervalMs);
        }
    }

    /** Optional raw event files, one per table (off by default: they grow fast). */
    public static final class RawEvents {
        private boolean enabled = false;
        private String dir = "/var/lib/hookline/events";
        private long rotateSizeMb = 64;
        private int keep = 5;
        private FsyncMode fsync = FsyncMode.NEVER;

        public boolean enabled() {
            return enabled;
        }

        public Path dir() {
            return Path.of(dir);
        }

        String dirText() {
            return dir;
        }

        public long rotateSizeMb() {
            return rotateSizeMb;
        }

        public long rotateBytes() {
            return rotateSizeMb << 20;
        }

        public int keep() {
            return keep;
        }

        public FsyncMode fsync() {
            return fsync;
        }

        public FsyncPolicy fsyncPolicy() {
            return toPolicy(fsync, FsyncPolicy.DEFAULT_INTERVAL_MILLIS);
        }
    }

    /**
     * The on-disk event store (dev.hookline.store, docs/store.md): every event, compressed, one segment per table per
     * hour, oldest segments deleted beyond max_age_hours or max_size_mb (whichever comes first).
     */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"enabled", "path", "max_age_hours", "max_size_mb"})
    public static final class Store {
        private boolean enabled = true;
        private String path = "/var/lib/hookline/store";
        private long maxAgeHours = 7 * 24;
        private long maxSizeMb = 2048;

        public boolean enabled() {
            return enabled;
        }

        public Path path() {
            return Path.of(path);
        }

        String pathText() {
            return path;
        }

        public long maxAgeHours() {
            return maxAgeHours;
        }

        public long maxSizeMb() {
            return maxSizeMb;
        }

        public long maxBytes() {
            return maxSizeMb << 20;
        }
    }

    /** The root-only control socket used by {@code hookline status} and {@code hookline query}. */
    public static final class Control {
        private String socket = "/run/hookline/control.sock";

        public Path socket() {
            return Path.of(socket);
        }

        String socketText() {
            return socket;
        }
    }

    /**
     * A Prometheus endpoint (docs/running.md): {@code listen} empty is off (the default); {@code PORT} listens on
     * 127.0.0.1, {@code HOST:PORT} where written. Checked by ConfigValidator.
     */
    public static final class Metrics {
        private String listen = "";

        public String listen() {
            return listen;
        }
    }

    /** The periodic health line on stderr. */
    public static final class Health {
        private long logIntervalSeconds = 60;

        /** 0 turns the health line off. */
        public long logIntervalSeconds() {
            return logIntervalSeconds;
        }
    }

    /** The KQL engine: {@code geoip_db}, the MaxMind (.mmdb) file geo_info_from_ip_address reads (empty: none). */
    public static final class Kql {
        private String geoipDb = "";

        /** The geo database, or null when none is configured. */
        public Path geoipDb() {
            return geoipDb == null || geoipDb.isBlank() ? null : Path.of(geoipDb);
        }
    }

    /** Which detection rules run. */
    public static final class Rules {
        /** The pack name meaning "every shipped pack". */
        public static final String ALL_PACKS = "all";

        private List<String> packs = new ArrayList<>(List.of(ALL_PACKS));
        private List<String> paths = new ArrayList<>();
        private String tuning = "";
        private Scheduled scheduled = new Scheduled();
        private boolean strict = false;

        /**
         * Whether a Sigma rule under {@link #paths()} that Hookline cannot convert stops the agent (true) or is
         * skipped with a log line naming the file, the feature and why (false, the default).
         */
        public boolean strict() {
            return strict;
        }

        /** Shipped rule packs to load; {@value #ALL_PACKS} means all of them, an empty list none. */
        public List<String> packs() {
            return packs;
        }

        /** Extra rule files or directories, loaded after the packs. */
        public List<Path> paths() {
            List<Path> out = new ArrayList<>();
            for (String p : paths) {
                out.add(Path.of(p));
            }
            return out;
        }

        List<String> pathTexts() {
            return paths;
        }

        /**
         * A tuning file (switches shipped exclusions on, adds the user's own), or null: shipped exclusions are off
         * by default so the shipped rules keep the published semantics.
         */
        public Path tuning() {
            return tuning == null || tuning.isBlank() ? null : Path.of(tuning);
        }

        /** How scheduled rules (Sentinel analytic rules, queries that cannot stream) run in the agent. */
        public Scheduled scheduled() {
            return scheduled;
        }
    }

    /**
     * Scheduled rules in the agent (docs/rules.md): runs at once at most, and the KQL row budget of a run, for every
     * rule and per rule id.
     */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"threads", "row_budget", "row_budgets"})
    public static final class Scheduled {
        private int threads = 2;
        private long rowBudget = 2_000_000L;
        private Map<String, Long> rowBudgets = new LinkedHashMap<>();

        public int threads() {
            return threads;
        }

        public long rowBudget() {
            return rowBudget;
        }

        /** Rule id → its own row budget. */
        public Map<String, Long> rowBudgets() {
            return rowBudgets == null ? Map.of() : rowBudgets;
        }
    }
}
