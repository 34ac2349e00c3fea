package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.AgentConfig;
import dev.hookline.config.ConfigException;
import dev.hookline.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentinelCredentialConfigTest {
    @TempDir
    Path dir;

    private String yaml(String lines) {
        return "alerts:\n  sentinel:\n    endpoint: https://dcr-1.usgovvirginia-1.ingest.monitor.azure.us\n"
                + "    dcr_immutable_id: dcr-0123\n    spool_dir: " + dir.resolve("spool") + "\n" + lines;
    }

    private AgentConfig.Sentinel parse(String lines) throws ConfigException {
        return ConfigLoader.parse(yaml(lines), "h.yaml").alerts().sentinel();
    }

    private String configError(String lines) {
        return assertThrows(ConfigException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void theCloudSetsAuthorityAndScopeAndAnUnknownCloudIsAConfigError() throws Exception {
        SentinelSettings s = SentinelSetup.settings(parse("    cloud: AzureUSGovernment\n    tenant_id: t1\n"
                + "    client_id: c1\n    client_secret_env: S\n"), Map.of("S", "v")::get);
        assertEquals(AzureCloud.AZURE_US_GOVERNMENT, s.cloud);
        assertEquals(URI.create("https://login.microsoftonline.us/t1/oauth2/v2.0/token"), s.tokenUri());
        String e = configError("    cloud: AzureGermany\n    tenant_id: t1\n    client_id: c1\n"
                + "    client_secret_env: S\n");
        assertTrue(e.contains("'alerts.sentinel.cloud': must be AzurePublic, AzureUSGovernment or AzureChina, got "
                + "'AzureGermany'"), e);
    }

    @Test
    void twoCredentialsAtOnceAreNamedInTheError() {
        String e = configError("    tenant_id: t1\n    client_id: c1\n    client_secret_env: S\n"
                + "    github_oidc: true\n");
        assertTrue(e.contains("two credentials at once (client_secret_env, github_oidc): set exactly one of"), e);
        e = configError("    managed_identity: imds\n    federated_token_file: /var/run/t\n");
        assertTrue(e.contains("two credentials at once (managed_identity, federated_token_file)"), e);
        e = configError("    tenant_id: t1\n    client_id: c1\n");
        assertTrue(e.contains("no credential is set"), e);
    }

    @Test
    void aManagedIdentityNeedsNoTenantOrAppButArcRefusesAUserAssignedOne() throws Exception {
        SentinelSettings s = SentinelSetup.settings(parse("    managed_identity: imds\n"), Map.<String, String>of()::get);
        assertEquals(ManagedIdentity.Kind.IMDS, s.managedIdentity);
        assertNull(s.managedIdentityEndpoint, "IMDS's documented address");
        String e = configError("    managed_identity: arc\n    client_id: c1\n");
        assertTrue(e.contains("'alerts.sentinel.client_id': an Azure Arc-enabled server has only its system-assigned"
                + " identity"), e);
        e = configError("    managed_identity: vm\n");
        assertTrue(e.contains("'alerts.sentinel.managed_identity': must be imds (Azure VMs), arc (Azure Arc-enabled "
                + "servers) or empty, got 'vm'"), e);
        e = configError("    github_oidc: true\n    client_id: c1\n");
        assertTrue(e.contains("'alerts.sentinel.tenant_id': is required when alerts.sentinel.endpoint is set (with "
                + "github_oidc)"), e);
    }

    @Test
    void arcTakesItsEndpointFromIdentityEndpointAndSaysSoWhenItIsMissing() throws Exception {
        AgentConfig.Sentinel c = parse("    managed_identity: arc\n");
        SentinelSettings s = SentinelSetup.settings(c,
                Map.of("IDENTITY_ENDPOINT", "http://localhost:40342/metadata/identity/oauth2/token")::get);
        assertEquals(URI.create("http://localhost:40342/metadata/identity/oauth2/token"), s.managedIdentityEndpoint);
        IOException e = assertThrows(IOException.class, () -> SentinelSetup.settings(c, Map.<String, String>of()::get));
        assertTrue(e.getMessage().contains("arc needs environment variable IDENTITY_ENDPOINT (the Azure Connected "
                + "Machine agent sets it"), e.getMessage());
    }

    @Test
    void gitHubOidcWithoutItsEnvironmentSaysWhichPermissionTheJobLacks() throws Exception {
        AgentConfig.Sentinel c = parse("    tenant_id: t1\n    client_id: c1\n    github_oidc: true\n");
        IOException e = assertThrows(IOException.class, () -> SentinelSetup.settings(c, Map.<String, String>of()::get));
        assertTrue(e.getMessage().contains("ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not "
                + "set; GitHub Actions sets them only in a job with 'permissions: id-token: write'"), e.getMessage());
        SentinelSettings s = SentinelSetup.settings(c, Map.of("ACTIONS_ID_TOKEN_REQUEST_URL",
                "https://pipelines.actions.githubusercontent.com/x/idtoken?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "req")::get);
        assertEquals("api://AzureADTokenExchange", s.audience());
        assertTrue(s.toString().contains("credential=github oidc") && !s.toString().contains("req,"), s.toString());
    }

    @Test
    void aTokenFileComesFromTheConfigOrFromTheVariableKubernetesSets() throws Exception {
        SentinelSettings s = SentinelSetup.settings(parse("    tenant_id: t1\n    client_id: c1\n"
                + "    federated_token_file_env: AZURE_FEDERATED_TOKEN_FILE\n"),
                Map.of("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token")::get);
        assertEquals(Path.of("/var/run/secrets/azure/tokens/azure-identity-token"), s.federatedTokenFile);
        IOException e = assertThrows(IOException.class, () -> SentinelSetup.settings(parse("    tenant_id: t1\n"
                + "    client_id: c1\n    federated_token_file_env: AZURE_FEDERATED_TOKEN_FILE\n"),
                Map.<String, String>of()::get));
        assertTrue(e.getMessage().contains("federated_token_file_env names environment variable "
                + "AZURE_FEDERATED_TOKEN_FILE, which is not set"), e.getMessage());
        String ce = configError("    tenant_id: t1\n    client_id: c1\n    federated_token_file: /t\n"
                + "    federated_audience: api://x\n");
        assertTrue(ce.contains("'alerts.sentinel.federated_audience': applies to github_oidc only"), ce);
    }
}
