package dev.hookline.config;

import dev.hookline.metrics.Listen;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Range and sanity checks a type cannot express; each problem names its YAML key path. */
final class ConfigValidator {
    /** sun_path is 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private ConfigValidator() {
    }

    static ConfigLoader.Problem firstProblem(AgentConfig c) {
        if (c.ring().memoryMb() < 1 || c.ring().memoryMb() > 1 << 20) {
            return problem("must be between 1 and 1048576, got " + c.ring().memoryMb(), "ring", "memory_mb");
        }
        AgentConfig.AlertFile f = c.alerts().file();
        if (invalidPath(f.pathText())) {
            return problem("must be a non-empty path", "alerts", "file", "path");
        }
        if (f.rotateSizeMb() < 1 || f.rotateSizeMb() > 1 << 20) {
            return problem("must be between 1 and 1048576, got " + f.rotateSizeMb(), "alerts", "file", "rotate_size_mb");
        }
        if (f.keep() < 0 || f.keep() > 1000) {
            return problem("must be between 0 and 1000, got " + f.keep(), "alerts", "file", "keep");
        }
        if (f.fsyncIntervalMs() < 1) {
            return problem("must be at least 1, got " + f.fsyncIntervalMs(), "alerts", "file", "fsync_interval_ms");
        }
        AgentConfig.RawEvents r = c.rawEvents();
        if (invalidPath(r.dirText())) {
            return problem("must be a non-empty path", "raw_events", "dir");
        }
        if (r.rotateSizeMb() < 1 || r.rotateSizeMb() > 1 << 20) {
            return problem("must be between 1 and 1048576, got " + r.rotateSizeMb(), "raw_events", "rotate_size_mb");
        }
        if (r.keep() < 0 || r.keep() > 1000) {
            return problem("must be between 0 and 1000, got " + r.keep(), "raw_events", "keep");
        }
        AgentConfig.Store st = c.store();
        if (invalidPath(st.pathText())) {
            return problem("must be a non-empty path", "store", "path");
        }
        if (st.maxAgeHours() < 1 || st.maxAgeHours() > 24 * 3660) {
            return problem("must be between 1 and 87840 (ten years), got " + st.maxAgeHours(), "store", "max_age_hours");
        }
        if (st.maxSizeMb() < 1 || st.maxSizeMb() > 1 << 30) {
            return problem("must be between 1 and 1073741824, got " + st.maxSizeMb(), "store", "max_size_mb");
        }
        String socket = c.control().socketText();
        if (invalidPath(socket)) {
            return problem("must be a non-empty path", "control", "socket");
        }
        if (socket.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            return problem("a Unix socket path is limited to " + MAX_SOCKET_PATH_BYTES + " bytes", "control", "socket");
        }
        if (c.health().logIntervalSeconds() < 0) {
            return problem("must be 0 (off) or more, got " + c.health().logIntervalSeconds(), "health",
                    "log_interval_seconds");
        }
        ConfigLoader.Problem mp = metricsProblem(c.metrics(), "metrics", "listen");
        if (mp == null) {
            mp = metricsProblem(c.collectorServer().metrics(), "collector_server", "metrics", "listen");
        }
        if (mp != null) {
            return mp;
        }
        List<String> packs = c.rules().packs();
        for (int i = 0; i < packs.size(); i++) {
            if (packs.get(i) == null || packs.get(i).isBlank()) {
                return problem("a pack name must not be empty", "rules", "packs");
            }
        }
        for (String p : c.rules().pathTexts()) {
            if (invalidPath(p)) {
                return problem("a rule path must be a non-empty path", "rules", "paths");
            }
        }
        AgentConfig.Scheduled sc = c.rules().scheduled();
        if (sc.threads() < 1 || sc.threads() > 16) {
            return problem("must be between 1 and 16, got " + sc.threads(), "rules", "scheduled", "threads");
        }
        if (sc.rowBudget() < 1) {
            return problem("must be at least 1, got " + sc.rowBudget(), "rules", "scheduled", "row_budget");
        }
        for (Map.Entry<String, Long> e : sc.rowBudgets().entrySet()) {
            if (e.getValue() == null || e.getValue() < 1) {
                return problem("must be at least 1, got " + e.getValue(), "rules", "scheduled", "row_budgets",
                        e.getKey());
            }
        }
        AgentConfig.Shipping sh = c.alerts().collector();
        if (sh.port() < 1 || sh.port() > 65535) {
            return problem("must be a TCP port (1-65535), got " + sh.port(), "alerts", "collector", "port");
        }
        if (sh.spoolMaxMb() < 1) {
            return problem("must be at least 1, got " + sh.spoolMaxMb(), "alerts", "collector", "spool_max_mb");
        }
        ConfigLoader.Problem sp = sentinelProblem(c.alerts().sentinel());
        if (sp != null) {
            return sp;
        }
        ConfigLoader.Problem kp = kafkaProblem(c.alerts().kafka(), "alerts");
        if (kp == null) {
            kp = kafkaProblem(c.events().kafka(), "events");
        }
        if (kp != null) {
            return kp;
        }
        if (c.collectorServer().port() < 0 || c.collectorServer().port() > 65535) {
            return problem("must be a TCP port (0-65535), got " + c.collectorServer().port(), "collector_server", "port");
        }
        for (Map.Entry<String, Object> e : c.collectorsRaw().entrySet()) {
            Object v = e.getValue();
            if (v != null && !(v instanceof Map) && !"".equals(v)) {
                return problem("expected a section of key: value lines (the collector's settings)", "collectors",
                        e.getKey());
            }
        }
        return null;
    }

    private static final java.util.List<String> KAFKA_PROTOCOLS = java.util.List.of("PLAINTEXT", "SSL", "SASL_SSL");
    private static final java.util.List<String> KAFKA_MECHANISMS = java.util.List.of("PLAIN", "SCRAM-SHA-512");
    private static final java.util.List<String> KAFKA_COMPRESSION = java.util.List.of("zstd", "lz4", "gzip", "none");

    private static ConfigLoader.Problem kafkaProblem(AgentConfig.Kafka k, String section) {
        if (!KAFKA_PROTOCOLS.contains(k.securityProtocol().toUpperCase(java.util.Locale.ROOT))) {
            return problem("must be one of " + KAFKA_PROTOCOLS + ", got \"" + k.securityProtocol() + "\"", section,
                    "kafka", "security_protocol");
        }
        if (!KAFKA_MECHANISMS.contains(k.saslMechanism().toUpperCase(java.util.Locale.ROOT))) {
            return problem("must be one of " + KAFKA_MECHANISMS + ", got \"" + k.saslMechanism() + "\"", section,
                    "kafka", "sasl_mechanism");
        }
        if (!KAFKA_COMPRESSION.contains(k.compression().toLowerCase(java.util.Locale.ROOT))) {
            return problem("must be one of " + KAFKA_COMPRESSION + ", got \"" + k.compression() + "\"", section,
                    "kafka", "compression");
        }
        // Event Hubs takes at most 1 MB per event; a message must also hold at least one ordinary record.
        if (k.maxMessageBytes() < 16 * 1024 || k.maxMessageBytes() > 1_000_000) {
            return problem("must be between 16384 and 1000000 (Event Hubs' 1 MB limit), got " + k.maxMessageBytes(),
                    section, "kafka", "max_message_bytes");
        }
        if (k.spoolMaxMb() < 1) {
            return problem("must be at least 1, got " + k.spoolMaxMb(), section, "kafka", "spool_max_mb");
        }
        if (invalidPath(k.spoolDirText())) {
            return problem("must be a non-empty path", section, "kafka", "spool_dir");
        }
        if (!k.enabled()) {
            return null;
        }
        boolean hubs = !k.eventHubsConnectionStringEnv().isBlank();
        if (hubs && !k.bootstrapServers().isBlank()) {
            return problem("give either bootstrap_servers or event_hubs_connection_string_env, not both", section,
                    "kafka", "bootstrap_servers");
        }
        if (!hubs && k.topic().isBlank()) {
            return problem("is required when bootstrap_servers is set", section, "kafka", "topic");
        }
        boolean sasl = k.securityProtocol().equalsIgnoreCase("SASL_SSL");
        if (!hubs && sasl && (k.saslUsername().isBlank() || k.saslPasswordEnv().isBlank())) {
            return problem("security_protocol SASL_SSL needs sasl_username and sasl_password_env", section, "kafka",
                    k.saslUsername().isBlank() ? "sasl_username" : "sasl_password_env");
        }
        if (k.certText().isBlank() != k.keyText().isBlank()) {
            return problem("cert and key go together (a client certificate for SSL)", section, "kafka",
                    k.certText().isBlank() ? "cert" : "key");
        }
        if (!k.certText().isBlank() && !k.securityProtocol().equalsIgnoreCase("SSL")) {
            return problem("a client certificate needs security_protocol SSL", section, "kafka", "cert");
        }
        return null;
    }

    private static ConfigLoader.Problem sentinelProblem(AgentConfig.Sentinel s) {
        if (s.spoolMaxMb() < 1) {
            return problem("must be at least 1, got " + s.spoolMaxMb(), "alerts", "sentinel", "spool_max_mb");
        }
        if (s.closeDrainSeconds() < 0 || s.closeDrainSeconds() > 3600) {
            return problem("must be 0 to 3600, got " + s.closeDrainSeconds(), "alerts", "sentinel",
                    "close_drain_seconds");
        }
        if (!s.alertsStream().matches("Custom-[A-Za-z0-9_]+")) {
            return problem("a DCR stream name: Custom- then letters, digits or _, got '" + s.alertsStream() + "'",
                    "alerts", "sentinel", "alerts_stream");
        }
        if (!s.enabled()) {
            return null;
        }
        if (!s.endpoint().startsWith("https://")) {
            return problem("must be the DCR's https:// logs ingestion endpoint", "alerts", "sentinel", "endpoint");
        }
        if (!s.authorityHost().isEmpty() && !s.authorityHost().startsWith("https://")) {
            return problem("must be an https:// URL (or empty: the cloud's)", "alerts", "sentinel", "authority_host");
        }
        if (!List.of("azurepublic", "azureusgovernment", "azurechina").contains(s.cloud().toLowerCase(Locale.ROOT))) {
            return problem("must be AzurePublic, AzureUSGovernment or AzureChina, got '" + s.cloud() + "'",
                    "alerts", "sentinel", "cloud");
        }
        String mi = s.managedIdentity().trim().toLowerCase(Locale.ROOT);
        if (!mi.isEmpty() && !mi.equals("imds") && !mi.equals("arc")) {
            return problem("must be imds (Azure VMs), arc (Azure Arc-enabled servers) or empty, got '"
                    + s.managedIdentity() + "'", "alerts", "sentinel", "managed_identity");
        }
        if (!s.managedIdentityEndpoint().isEmpty() && !s.managedIdentityEndpoint().matches("https?://.+")) {
            return problem("must be an http:// URL", "alerts", "sentinel", "managed_identity_endpoint");
        }
        if (!s.managedIdentityEndpoint().isEmpty() && mi.isEmpty()) {
            return problem("needs managed_identity", "alerts", "sentinel", "managed_identity_endpoint");
        }
        List<String> set = new ArrayList<>();
        addIf(set, !s.clientSecret().isEmpty(), "client_secret");
        addIf(set, !s.clientSecretEnv().isBlank(), "client_secret_env");
        addIf(set, !s.clientCertificate().isBlank(), "client_certificate");
        addIf(set, !mi.isEmpty(), "managed_identity");
        addIf(set, !s.federatedTokenFile().isBlank(), "federated_token_file");
        addIf(set, !s.federatedTokenFileEnv().isBlank(), "federated_token_file_env");
        addIf(set, s.githubOidc(), "github_oidc");
        if (set.size() != 1) {
            return problem((set.isEmpty() ? "no credential is set" : "two credentials at once (" + String.join(", ", set)
                    + ")") + ": set exactly one of client_secret_env (preferred), client_secret, client_certificate, "
                    + "managed_identity, federated_token_file, federated_token_file_env or github_oidc",
                    "alerts", "sentinel", set.isEmpty() ? "client_id" : set.get(1 % set.size()));
        }
        String[][] required = mi.isEmpty()
                ? new String[][] {{s.dcrImmutableId(), "dcr_immutable_id"}, {s.tenantId(), "tenant_id"},
                        {s.clientId(), "client_id"}}
                : new String[][] {{s.dcrImmutableId(), "dcr_immutable_id"}};
        for (String[] r : required) {
            if (r[0].isBlank()) {
                return problem("is required when alerts.sentinel.endpoint is set" + (mi.isEmpty() && !r[1].equals(
                        "dcr_immutable_id") ? " (with " + set.get(0) + ")" : ""), "alerts", "sentinel", r[1]);
            }
        }
        String[][] ids = {{s.dcrImmutableId(), "dcr_immutable_id"}, {s.tenantId(), "tenant_id"},
                {s.clientId(), "client_id"}};
        for (String[] r : ids) {
            if (!r[0].isBlank() && !r[0].matches("[A-Za-z0-9._-]+")) {
                return problem("has characters that cannot be part of a URL", "alerts", "sentinel", r[1]);
            }
        }
        if (mi.equals("arc") && !s.clientId().isBlank()) {
            return problem("an Azure Arc-enabled server has only its system-assigned identity: leave client_id empty",
                    "alerts", "sentinel", "client_id");
        }
        if (!s.federatedAudience().isBlank() && !s.githubOidc()) {
            return problem("applies to github_oidc only (a token file's audience is set by whoever issues it)",
                    "alerts", "sentinel", "federated_audience");
        }
        if (s.clientCertificate().isBlank() != s.clientCertificateKey().isBlank()) {
            return problem("client_certificate and client_certificate_key go together", "alerts", "sentinel",
                    "client_certificate_key");
        }
        if (invalidPath(s.spoolDirText())) {
            return problem("must be a non-empty path", "alerts", "sentinel", "spool_dir");
        }
        return null;
    }

    private static void addIf(List<String> l, boolean cond, String key) {
        if (cond) {
            l.add(key);
        }
    }

    private static ConfigLoader.Problem metricsProblem(AgentConfig.Metrics m, String... path) {
        try {
            Listen.parse(m.listen());
            return null;
        } catch (IllegalArgumentException e) {
            return problem(e.getMessage(), path);
        }
    }

    private static boolean invalidPath(String p) {
        return p == null || p.isBlank() || p.indexOf('\0') >= 0;
    }

    private static ConfigLoader.Problem problem(String message, String... path) {
        return new ConfigLoader.Problem(List.of(path), message);
    }
}
