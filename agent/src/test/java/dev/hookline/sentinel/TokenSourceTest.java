package dev.hookline.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {
    static final String SECRET = "tok-secret-0123456789";
    @TempDir
    Path dir;
    FakeSentinel sentinel;
    HttpClient http;
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void start() throws Exception {
        sentinel = new FakeSentinel(dir, SECRET);
        http = HttpClient.newBuilder().sslContext(sentinel.clientTrust).build();
    }

    @AfterEach
    void stop() {
        sentinel.close();
    }

    @Test
    void theTokenIsCachedAndRefreshedFiveMinutesBeforeItExpires() throws IOException {
        TokenSource t = new TokenSource(sentinel.settings(dir.resolve("s"), SECRET), http, clock::get);
        String first = t.token();
        assertEquals(first, t.token());
        clock.addAndGet((3600 - 300) * 1000L - 1);
        assertEquals(first, t.token(), "still cached just before the refresh margin");
        assertEquals(1, sentinel.tokenRequests());
        clock.addAndGet(1);
        String second = t.token();
        assertNotEquals(first, second, "refreshed 5 minutes before expiry");
        assertEquals(2, sentinel.tokenRequests());
        t.invalidate();
        assertNotEquals(second, t.token(), "invalidate forces a new token");
        assertEquals(3, sentinel.tokenRequests());
    }

    @Test
    void aShortLivedTokenIsRefreshedAtHalfItsLife() throws IOException {
        sentinel.expiresIn(120);
        TokenSource t = new TokenSource(sentinel.settings(dir.resolve("s"), SECRET), http, clock::get);
        String first = t.token();
        clock.addAndGet(59_999);
        assertEquals(first, t.token());
        clock.addAndGet(1);
        assertNotEquals(first, t.token());
    }

    @Test
    void aRefusedTokenRequestExplainsWithoutTheSecret() {
        sentinel.refuseTokenEchoing = "you sent " + SECRET;
        TokenSource t = new TokenSource(sentinel.settings(dir.resolve("s"), SECRET), http, clock::get);
        IOException e = assertThrows(IOException.class, t::token);
        assertTrue(e.getMessage().contains("Microsoft Entra ID refused the token request for client client-1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
        assertTrue(e.getMessage().contains("<redacted>"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void aWrongSecretIsRefused() {
        TokenSource t = new TokenSource(sentinel.settings(dir.resolve("s"), "wrong-secret-value"), http, clock::get);
        IOException e = assertThrows(IOException.class, t::token);
        assertTrue(e.getMessage().contains("check the client secret"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret-value"), e.getMessage());
    }

    @Test
    void aCertificateAssertionIsAPs256JwtWithTheSha256ThumbprintAsEntraDocumentsIt() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=hookline-app");
        long now = System.currentTimeMillis();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, new Date(now - 60_000), new Date(now + 86_400_000), name, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        ObjectMapper m = new ObjectMapper();
        Base64.Decoder b64 = Base64.getUrlDecoder();
        SentinelSettings s = sentinel.settings(dir.resolve("s"), null)
                .clientCertificate(new ClientCertificate(cert, kp.getPrivate()));
        sentinel.assertionCheck = form -> {
            try {
                if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
                        || form.containsKey("client_secret")) {
                    return "wrong assertion type";
                }
                String[] parts = form.get("client_assertion").split("\\.");
                JsonNode h = m.readTree(b64.decode(parts[0]));
                JsonNode c = m.readTree(b64.decode(parts[1]));
                Signature v = Signature.getInstance("RSASSA-PSS");
                v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                v.initVerify(cert.getPublicKey());
                v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                String x5t = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
                if (!v.verify(b64.decode(parts[2]))) {
                    return "bad signature";
                }
                if (!"PS256".equals(h.path("alg").asText()) || !"JWT".equals(h.path("typ").asText())
                        || !x5t.equals(h.path("x5t#S256").asText()) || h.has("x5t")) {
                    return "bad header " + h;
                }
                if (!s.tokenUri().toString().equals(c.path("aud").asText()) || !"client-1".equals(c.path("iss").asText())
                        || !"client-1".equals(c.path("sub").asText()) || c.path("jti").asText().isEmpty()
                        || c.path("exp").asLong() <= c.path("nbf").asLong()) {
                    return "bad claims " + c;
                }
                return null;
            } catch (Exception e) {
                return e.toString();
            }
        };
        TokenSource t = new TokenSource(s, http, System::currentTimeMillis);
        assertTrue(t.token().startsWith("token-"));
        assertEquals(java.util.List.of(), sentinel.violations());
    }

    @Test
    void anEcCertificateIsRefusedClearly() throws Exception {
        var ec = dev.hookline.transport.tls.FleetCerts.createCa("ec", java.time.Duration.ofDays(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientCertificate(ec.cert(), ec.key()));
        assertTrue(e.getMessage().contains("must be RSA"), e.getMessage());
    }
}
