package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigLoader;
import dev.hookline.config.Secret;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with no secret on the machine: a token from a fake managed identity endpoint or a federated token
 * exchanged at fake Entra, then alerts and raw rows posted to the fake Logs Ingestion API, which accepts only a
 * bearer token issued for its cloud's resource.
 */
class SentinelForwardsWithoutSecretsTest {
    static final long WAIT = 30_000;
    @TempDir
    Path dir;
    FakeSentinel sentinel;

    @BeforeEach
    void start() throws Exception {
        sentinel = new FakeSentinel(dir, null);
    }

    @AfterEach
    void stop() {
        sentinel.close();
    }

    private void deliverAndCheck(SentinelSettings s, String tokenPrefix) throws Exception {
        Event e = new Event(Table.DeviceProcessEvents);
        e.setTime(Columns.TIMESTAMP, 1_700_000_000_000_000_000L);
        e.set(Columns.FILE_NAME, "curl");
        e.set(Columns.MACHINE_GROUP, "CI runners");
        try (SentinelOutput out = new SentinelOutput(s.rawEvents(true))) {
            out.write(Alerts.line(7, 10));
            out.write(e);
            assertTrue(FakeSentinel.await(() -> sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size() == 1
                    && sentinel.accepted("Custom-HooklineProcessEvents", "FileName").size() == 1, WAIT),
                    "delivered: " + out.counters());
        }
        for (FakeSentinel.Call c : sentinel.calls()) {
            if (c.status() / 100 == 2) {
                assertTrue(c.token().startsWith(tokenPrefix), c.token());
            }
        }
        JsonNode row = sentinel.calls().stream().filter(c -> c.stream().equals("Custom-HooklineProcessEvents")
                && c.status() == 204).findFirst().orElseThrow().records().get(0);
        assertEquals("CI runners", row.get("MachineGroup").asText());
        assertEquals(List.of(), sentinel.violations());
    }

    @Test
    void anAzureVmForwardsWithItsImdsToken() throws Exception {
        try (FakeManagedIdentity imds = new FakeManagedIdentity(false, null, Set.of(AzureCloud.AZURE_PUBLIC.resource()),
                Set.of(), sentinel::accept)) {
            deliverAndCheck(sentinel.managedIdentitySettings(dir.resolve("spool"))
                    .managedIdentity(ManagedIdentity.Kind.IMDS, imds.endpoint()), "imds-");
        }
    }

    @Test
    void anArcServerInAzureChinaForwardsWithItsAgentsToken() throws Exception {
        sentinel.cloud = AzureCloud.AZURE_CHINA;
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        try (FakeManagedIdentity arc = new FakeManagedIdentity(true, tokens, Set.of(AzureCloud.AZURE_CHINA.resource()),
                Set.of(), sentinel::accept)) {
            deliverAndCheck(sentinel.managedIdentitySettings(dir.resolve("spool")).cloud(AzureCloud.AZURE_CHINA)
                    .managedIdentity(ManagedIdentity.Kind.ARC, arc.endpoint()).arcTokensDir(tokens), "arc-");
        }
    }

    @Test
    void aGitHubActionsJobInAzureUsGovernmentForwardsWithItsOidcToken() throws Exception {
        sentinel.cloud = AzureCloud.AZURE_US_GOVERNMENT;
        try (FakeGitHubOidc gh = new FakeGitHubOidc("req-token")) {
            sentinel.federatedAccepts = gh.issued::contains;
            deliverAndCheck(sentinel.settings(dir.resolve("spool"), null).cloud(AzureCloud.AZURE_US_GOVERNMENT)
                    .githubOidc(gh.requestUrl(), Secret.of("req-token")), "token-");
            assertEquals("api://AzureADTokenExchangeUSGov", gh.audiences.get(0));
        }
    }

    @Test
    void aKubernetesPodForwardsWithItsProjectedToken() throws Exception {
        Path file = dir.resolve("azure-identity-token");
        String jwt = FakeGitHubOidc.jwt("api://AzureADTokenExchange", "system:serviceaccount:hookline:agent");
        Files.writeString(file, jwt);
        sentinel.federatedAccepts = jwt::equals;
        deliverAndCheck(sentinel.settings(dir.resolve("spool"), null).federatedTokenFile(file), "token-");
    }

    @Test
    void theConfigFileAloneSetsUpAManagedIdentityForwarder() throws Exception {
        try (FakeManagedIdentity imds = new FakeManagedIdentity(false, null, Set.of(AzureCloud.AZURE_PUBLIC.resource()),
                Set.of(), sentinel::accept)) {
            AgentConfig c = ConfigLoader.parse("alerts:\n  sentinel:\n    endpoint: " + sentinel.base() + "\n"
                    + "    dcr_immutable_id: " + FakeSentinel.DCR + "\n    managed_identity: imds\n"
                    + "    managed_identity_endpoint: " + imds.endpoint() + "\n    ca_cert: " + dir.resolve("ca.crt")
                    + "\n    spool_dir: " + dir.resolve("spool") + "\n", "hookline.yaml");
            try (SentinelOutput out = SentinelSetup.output(c.alerts().sentinel())) {
                out.write(Alerts.line(3, 10));
                assertTrue(FakeSentinel.await(() -> sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId")
                        .equals(List.of("alert-000003")), WAIT), "" + out.counters());
            }
        }
    }

    @Test
    void closingWithADrainTimeWaitsUntilSentinelHasAcceptedEverything() throws Exception {
        // hookline watch in CI: the runner is gone after the job, so the spool must be empty when the watch exits
        try (FakeManagedIdentity imds = new FakeManagedIdentity(false, null, Set.of(AzureCloud.AZURE_PUBLIC.resource()),
                Set.of(), sentinel::accept)) {
            SentinelOutput out = new SentinelOutput(sentinel.managedIdentitySettings(dir.resolve("spool"))
                    .managedIdentity(ManagedIdentity.Kind.IMDS, imds.endpoint()).lingerMillis(2_000)
                    .closeDrainMillis(20_000));
            for (int i = 0; i < 50; i++) {
                out.write(Alerts.line(i, 10));
            }
            out.close();
            assertEquals(50, sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size(),
                    "all accepted before close returned");
        }
    }

    @Test
    void aTokenForAnotherCloudsResourceIsRefusedByTheIngestionEndpoint() throws Exception {
        // the cloud setting exists so that this cannot happen: IMDS token for monitor.azure.com, workspace in US Gov
        sentinel.cloud = AzureCloud.AZURE_US_GOVERNMENT;
        try (FakeManagedIdentity imds = new FakeManagedIdentity(false, null, Set.of(AzureCloud.AZURE_PUBLIC.resource(),
                AzureCloud.AZURE_US_GOVERNMENT.resource()), Set.of(), sentinel::accept);
             SentinelOutput out = new SentinelOutput(sentinel.managedIdentitySettings(dir.resolve("spool"))
                     .managedIdentity(ManagedIdentity.Kind.IMDS, imds.endpoint()))) {
            out.write(Alerts.line(1, 10));
            assertTrue(FakeSentinel.await(() -> out.counters().get("auth_failures") >= 2, WAIT), "" + out.counters());
            assertEquals(0, sentinel.accepted(SentinelStreams.ALERTS_STREAM, "AlertId").size());
        }
    }
}
