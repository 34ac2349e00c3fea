package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.config.Secret;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadIdentityFederationTest {
    static final String REQUEST_TOKEN = "ghs_requestTokenValue0123456789";
    @TempDir
    Path dir;
    FakeSentinel entra;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        entra = new FakeSentinel(dir, null);
        http = HttpClient.newBuilder().sslContext(entra.clientTrust).build();
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    private static String aud(String jwt) {
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).path("aud").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTokenFileIsExchangedAsAJwtBearerAssertionAndReReadWhenThePlatformRotatesIt() throws IOException {
        Path file = dir.resolve("azure-identity-token");
        String first = FakeGitHubOidc.jwt("api://AzureADTokenExchange", "system:serviceaccount:ns:sa");
        Files.writeString(file, first + "\n");
        entra.federatedAccepts = first::equals;
        TokenSource t = new TokenSource(entra.settings(dir.resolve("s"), null).federatedTokenFile(file), http,
                System::currentTimeMillis);
        assertTrue(t.token().startsWith("token-"));
        String second = FakeGitHubOidc.jwt("api://AzureADTokenExchange", "system:serviceaccount:ns:sa");
        Files.writeString(file, second);
        entra.federatedAccepts = second::equals; // the old one expired
        t.invalidate();
        assertTrue(t.token().startsWith("token-"), "the rotated token is read for the next request");
        assertEquals(List.of(), entra.violations());
    }

    @Test
    void aRefusedFederatedTokenNamesTheCredentialTheStepAndTheAadstsCode() throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, FakeGitHubOidc.jwt("api://AzureADTokenExchange", "repo:o/r:ref:refs/heads/dev"));
        entra.federatedAccepts = t -> false;
        IOException e = assertThrows(IOException.class, () -> new TokenSource(entra.settings(dir.resolve("s"), null)
                .federatedTokenFile(file), http, System::currentTimeMillis).token());
        assertTrue(e.getMessage().startsWith("Microsoft Entra ID refused the token request for client client-1 in "
                + "tenant tenant-1 (workload identity federation of app client-1 from federated token file " + file
                + "): HTTP 401, AADSTS700213, invalid_client: No matching federated identity record"), e.getMessage());
        assertTrue(e.getMessage().contains("needs a federated credential whose issuer, subject and audience match"),
                e.getMessage());
    }

    @Test
    void aMissingOrMalformedTokenFileIsNamedWithoutEchoingItsContent() throws IOException {
        Path file = dir.resolve("nope");
        IOException e = assertThrows(IOException.class, () -> new TokenSource(entra.settings(dir.resolve("s"), null)
                .federatedTokenFile(file), http, System::currentTimeMillis).token());
        assertTrue(e.getMessage().contains("reading the federated token file " + file + ": no such file"),
                e.getMessage());
        Files.writeString(file, "not-a-jwt-secretish");
        e = assertThrows(IOException.class, () -> new TokenSource(entra.settings(dir.resolve("s"), null)
                .federatedTokenFile(file), http, System::currentTimeMillis).token());
        assertTrue(e.getMessage().contains("does not hold a JWT"), e.getMessage());
        assertFalse(e.getMessage().contains("not-a-jwt-secretish"), e.getMessage());
        assertEquals(0, entra.tokenRequests(), "nothing sent to Entra");
    }

    @Test
    void gitHubActionsOidcIsRequestedWithEachCloudsAudienceAndExchangedAtThatCloudsScope() throws IOException {
        try (FakeGitHubOidc gh = new FakeGitHubOidc(REQUEST_TOKEN)) {
            for (AzureCloud c : AzureCloud.values()) {
                entra.cloud = c;
                entra.federatedAccepts = t -> gh.issued.contains(t) && aud(t).equals(c.federationAudience());
                SentinelSettings s = entra.settings(dir.resolve("s"), null).cloud(c)
                        .githubOidc(gh.requestUrl(), Secret.of(REQUEST_TOKEN));
                assertTrue(new TokenSource(s, http, System::currentTimeMillis).token().startsWith("token-"),
                        c.configName());
                assertEquals(c.federationAudience(), gh.audiences.get(gh.audiences.size() - 1));
            }
            assertEquals(List.of(), entra.violations(), "each request carried its cloud's scope");
        }
    }

    @Test
    void aConfiguredAudienceReplacesTheCloudsOne() throws IOException {
        try (FakeGitHubOidc gh = new FakeGitHubOidc(REQUEST_TOKEN)) {
            entra.federatedAccepts = t -> aud(t).equals("api://custom");
            SentinelSettings s = entra.settings(dir.resolve("s"), null)
                    .githubOidc(gh.requestUrl(), Secret.of(REQUEST_TOKEN)).federatedAudience("api://custom");
            new TokenSource(s, http, System::currentTimeMillis).token();
            assertEquals(List.of("api://custom"), gh.audiences);
        }
    }

    @Test
    void aRefusedGitHubRequestSaysWhichStepAndNeverShowsTheRequestToken() throws IOException {
        try (FakeGitHubOidc gh = new FakeGitHubOidc("another-token")) {
            SentinelSettings s = entra.settings(dir.resolve("s"), null)
                    .githubOidc(gh.requestUrl(), Secret.of(REQUEST_TOKEN));
            IOException e = assertThrows(IOException.class, () -> new TokenSource(s, http,
                    System::currentTimeMillis).token());
            assertTrue(e.getMessage().startsWith("workload identity federation of app client-1 from GitHub Actions "
                    + "OIDC token (audience api://AzureADTokenExchange): requesting the GitHub Actions OIDC token"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("permissions: id-token: write"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(REQUEST_TOKEN), e.getMessage());
            assertEquals(0, entra.tokenRequests());
        }
    }

    @Test
    void theRequestTokenTravelsAsBearerAndTheAudienceIsAppendedToGitHubsQuery() {
        GitHubOidc g = new GitHubOidc(java.net.URI.create("https://pipelines.actions.githubusercontent.com/abc/"
                + "idtoken?api-version=2.0"), Secret.of("x"), "api://AzureADTokenExchange", http, 1000);
        assertEquals("https://pipelines.actions.githubusercontent.com/abc/idtoken?api-version=2.0&audience="
                + "api%3A%2F%2FAzureADTokenExchange", g.tokenUrl().toString());
    }
}
