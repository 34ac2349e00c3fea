package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigException;
import dev.hookline.config.ConfigLoader;
import dev.hookline.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsNeverLeakTest {
    static final String SECRET = "Zq8~verySecretClientValue.42";
    @TempDir
    Path dir;

    private String config(String secretLine) {
        return "alerts:\n  sentinel:\n    endpoint: https://dce.example.ingest.monitor.azure.com\n"
                + "    dcr_immutable_id: dcr-0123\n    tenant_id: t1\n    client_id: c1\n" + secretLine
                + "    spool_dir: " + dir.resolve("spool") + "\n";
    }

    @Test
    void aConfigFileHoldingTheSecretMustBeReadableByItsOwnerOnly() throws Exception {
        Path f = dir.resolve("hookline.yaml");
        Files.writeString(f, config("    client_secret: \"" + SECRET + "\"\n"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().contains("holds alerts.sentinel.client_secret")
                && e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AgentConfig c = ConfigLoader.load(f).config();
        assertEquals(SECRET, c.alerts().sentinel().clientSecret());
        String shown = ConfigLoader.toYaml(c);
        assertFalse(shown.contains(SECRET), "config show redacts: " + shown);
        assertTrue(shown.contains("client_secret: <redacted>"), shown);
        assertFalse(c.alerts().sentinel().toString().contains(SECRET));
    }

    @Test
    void aConfigFileNamingAnEnvironmentVariableNeedsNoSpecialPermissions() throws Exception {
        Path f = dir.resolve("hookline.yaml");
        Files.writeString(f, config("    client_secret_env: HOOKLINE_TEST_UNSET_SECRET_VAR\n"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        AgentConfig c = ConfigLoader.load(f).config();
        Exception e = assertThrows(java.io.IOException.class, () -> SentinelSetup.output(c.alerts().sentinel()));
        assertTrue(e.getMessage().contains("alerts.sentinel.client_secret_env names environment variable "
                + "HOOKLINE_TEST_UNSET_SECRET_VAR, which is not set"), e.getMessage());
    }

    @Test
    void missingOrConflictingCredentialsAreConfigErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(config(""), "h.yaml"));
        assertTrue(e.getMessage().contains("set exactly one of client_secret_env"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "alerts:\n  sentinel:\n    endpoint: https://x\n    tenant_id: t\n    client_id: c\n"
                        + "    client_secret_env: V\n", "h.yaml"));
        assertTrue(e.getMessage().contains("'alerts.sentinel.dcr_immutable_id': is required"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "alerts:\n  sentinel:\n    alerts_stream: HooklineAlerts\n", "h.yaml"));
        assertTrue(e.getMessage().contains("alerts_stream"), e.getMessage());
    }

    @Test
    void theSecretAppearsInNoToStringLogOrError() throws Exception {
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(String.valueOf(r.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("dev.hookline.sentinel");
        log.addHandler(capture);
        try (FakeSentinel fake = new FakeSentinel(dir, SECRET)) {
            fake.refuseTokenEchoing = "the secret you sent was " + SECRET;
            SentinelSettings s = fake.settings(dir.resolve("spool"), SECRET);
            try (SentinelOutput out = new SentinelOutput(s)) {
                out.write(Alerts.line(1, 10));
                assertTrue(FakeSentinel.await(() -> logged.stream().anyMatch(l -> l.contains("refused the token")),
                        20_000), logged.toString());
                assertFalse(out.toString().contains(SECRET));
                assertFalse(out.counters().toString().contains(SECRET));
                fake.refuseTokenEchoing = null;
                assertTrue(FakeSentinel.await(() -> fake.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() == 1,
                        20_000), "delivered once the token endpoint accepts");
            }
            assertFalse(s.toString().contains(SECRET), s.toString());
            assertEquals("<redacted>", String.valueOf(Secret.of(SECRET)));
        } finally {
            log.removeHandler(capture);
        }
        assertFalse(logged.isEmpty());
        for (String l : logged) {
            assertFalse(l.contains(SECRET), "leaked: " + l);
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains("<redacted>")), logged.toString());
    }
}
