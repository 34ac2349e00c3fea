package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedIdentityTest {
    static final Set<String> RESOURCES = Set.of(AzureCloud.AZURE_PUBLIC.resource(),
            AzureCloud.AZURE_US_GOVERNMENT.resource(), AzureCloud.AZURE_CHINA.resource());
    @TempDir
    Path dir;
    final Map<String, String> issued = new HashMap<>();
    final HttpClient http = HttpClient.newHttpClient();

    private SentinelSettings settings(String clientId) {
        return new SentinelSettings(URI.create("https://dcr.ingest.monitor.azure.com"), "dcr-1", null, clientId,
                null, dir.resolve("spool"));
    }

    private FakeManagedIdentity imds(Set<String> resources) throws IOException {
        return new FakeManagedIdentity(false, null, resources, Set.of("uai-1"), issued::put);
    }

    @Test
    void imdsGivesTheSystemAssignedIdentityATokenForEachCloudsIngestionResource() throws IOException {
        try (FakeManagedIdentity mi = imds(RESOURCES)) {
            for (AzureCloud c : AzureCloud.values()) {
                SentinelSettings s = settings(null).cloud(c).managedIdentity(ManagedIdentity.Kind.IMDS,
                        mi.endpoint());
                String token = new TokenSource(s, http, System::currentTimeMillis).token();
                assertEquals(c.resource(), issued.get(token), c.configName());
                String req = mi.requests.get(mi.requests.size() - 1);
                assertTrue(req.contains("api-version=2018-02-01&resource=" + c.resource().replace(":", "%3A")
                        .replace("/", "%2F")), req);
                assertFalse(req.contains("client_id") || req.contains("Authorization"), req);
            }
        }
    }

    @Test
    void theDocumentedImdsAddressIsTheDefaultAndNeverContactedHere() {
        assertEquals("http://169.254.169.254/metadata/identity/oauth2/token", ManagedIdentity.IMDS_ENDPOINT.toString());
        ManagedIdentity m = (ManagedIdentity) settings(null).managedIdentity(ManagedIdentity.Kind.IMDS, null)
                .credential(http);
        assertEquals("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                + "https%3A%2F%2Fmonitor.azure.com%2F", m.requestUri().toString());
    }

    @Test
    void aUserAssignedIdentityIsPickedByItsClientIdAndAnUnknownOneIsExplained() throws IOException {
        try (FakeManagedIdentity mi = imds(RESOURCES)) {
            String t = new TokenSource(settings("uai-1").managedIdentity(ManagedIdentity.Kind.IMDS, mi.endpoint()),
                    http, System::currentTimeMillis).token();
            assertTrue(t.startsWith("imds-"));
            assertTrue(mi.requests.get(0).endsWith("&client_id=uai-1"), mi.requests.get(0));
            IOException e = assertThrows(IOException.class, () -> new TokenSource(settings("uai-2")
                    .managedIdentity(ManagedIdentity.Kind.IMDS, mi.endpoint()), http, System::currentTimeMillis)
                    .token());
            assertTrue(e.getMessage().startsWith("managed identity (Azure Instance Metadata Service (IMDS), "
                    + "user-assigned client uai-2): Azure Instance Metadata Service (IMDS) refused the token request: "
                    + "HTTP 400, invalid_request: Identity not found"), e.getMessage());
            assertTrue(e.getMessage().contains("name the user-assigned one with client_id"), e.getMessage());
        }
    }

    @Test
    void anImdsRefusalCarriesItsAadstsCodeAndATransientOneSaysItIsRetried() throws IOException {
        try (FakeManagedIdentity mi = imds(Set.of("https://management.azure.com/"))) {
            TokenSource t = new TokenSource(settings(null).managedIdentity(ManagedIdentity.Kind.IMDS, mi.endpoint()),
                    http, System::currentTimeMillis);
            IOException e = assertThrows(IOException.class, t::token);
            assertTrue(e.getMessage().contains("HTTP 400, AADSTS50001, invalid_resource: The application named "
                    + "https://monitor.azure.com/ was not found"), e.getMessage());
            mi.failWith = 503;
            e = assertThrows(IOException.class, t::token);
            assertTrue(e.getMessage().contains("HTTP 503, temporarily_unavailable") && e.getMessage()
                    .contains("transient; retried with backoff"), e.getMessage());
        }
    }

    @Test
    void anUnreachableImdsSaysWhereImdsExists() throws IOException {
        URI dead;
        try (FakeManagedIdentity mi = imds(RESOURCES)) {
            dead = mi.endpoint();
        }
        IOException e = assertThrows(IOException.class, () -> new TokenSource(settings(null)
                .managedIdentity(ManagedIdentity.Kind.IMDS, dead), http, System::currentTimeMillis).token());
        assertTrue(e.getMessage().contains("IMDS exists only on Azure VMs and scale sets"), e.getMessage());
    }

    @Test
    void theTokenIsRefreshedBeforeTheExpiresOnTheEndpointGives() throws IOException {
        try (FakeManagedIdentity mi = imds(RESOURCES)) {
            mi.expiresInSeconds = 600;
            AtomicLong clock = new AtomicLong(System.currentTimeMillis());
            TokenSource t = new TokenSource(settings(null).managedIdentity(ManagedIdentity.Kind.IMDS, mi.endpoint()),
                    http, clock::get);
            String first = t.token();
            clock.addAndGet(290_000);
            assertEquals(first, t.token(), "cached while more than half of its 10 minutes is left");
            clock.addAndGet(15_000);
            assertNotEquals(first, t.token(), "refreshed before expires_on");
            assertEquals(2, t.fetched());
        }
    }

    @Test
    void arcAnswersTheAgentsChallengeWithTheKeyFileItNames() throws IOException {
        Path tokens = Files.createDirectories(dir.resolve("azcmagent/tokens"));
        try (FakeManagedIdentity arc = new FakeManagedIdentity(true, tokens, RESOURCES, Set.of(), issued::put)) {
            SentinelSettings s = settings(null).cloud(AzureCloud.AZURE_US_GOVERNMENT)
                    .managedIdentity(ManagedIdentity.Kind.ARC, arc.endpoint()).arcTokensDir(tokens);
            String token = new TokenSource(s, http, System::currentTimeMillis).token();
            assertTrue(token.startsWith("arc-"));
            assertEquals("https://monitor.azure.us/", issued.get(token));
            assertEquals(2, arc.requests.size(), arc.requests.toString());
            assertTrue(arc.requests.get(0).contains("api-version=2020-06-01") && !arc.requests.get(0)
                    .contains("Authorization"), arc.requests.get(0));
            assertTrue(arc.requests.get(1).endsWith("(with Authorization)"), arc.requests.get(1));
        }
    }

    @Test
    void arcRefusesAChallengeFileOutsideTheAgentsTokenDirectory() throws IOException {
        Path tokens = Files.createDirectories(dir.resolve("elsewhere"));
        try (FakeManagedIdentity arc = new FakeManagedIdentity(true, tokens, RESOURCES, Set.of(), issued::put)) {
            SentinelSettings s = settings(null).managedIdentity(ManagedIdentity.Kind.ARC, arc.endpoint())
                    .arcTokensDir(dir.resolve("azcmagent/tokens"));
            IOException e = assertThrows(IOException.class, () -> new TokenSource(s, http,
                    System::currentTimeMillis).token());
            assertTrue(e.getMessage().startsWith("managed identity (Azure Arc agent (himds), system-assigned): "
                    + "reading the Arc challenge key file " + tokens), e.getMessage());
            assertTrue(e.getMessage().contains("must be a .key file in " + dir.resolve("azcmagent/tokens")),
                    e.getMessage());
            assertEquals(1, arc.requests.size(), "no second request without a trusted key");
        }
    }

    @Test
    void arcsLocalhostEndpointIsAskedOnIpv4LoopbackWithTheDocumentedApiVersion() {
        ManagedIdentity m = new ManagedIdentity(ManagedIdentity.Kind.ARC,
                URI.create("http://localhost:40342/metadata/identity/oauth2/token"), "https://monitor.azure.com/",
                null, dir, http, 1000);
        assertEquals("http://127.0.0.1:40342/metadata/identity/oauth2/token?api-version=2020-06-01&resource="
                + "https%3A%2F%2Fmonitor.azure.com%2F", m.requestUri().toString());
    }

    @Test
    void arcHasOnlyTheSystemAssignedIdentity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings("uai-1")
                .managedIdentity(ManagedIdentity.Kind.ARC, URI.create("http://127.0.0.1:1/x")).credential(http));
        assertTrue(e.getMessage().contains("only its system-assigned identity"), e.getMessage());
    }
}
