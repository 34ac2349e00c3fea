package dev.hookline.sentinel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.transport.tls.FleetCerts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.UUID;

/**
 * Certificate credentials for Microsoft Entra ID: instead of a client secret, the token request carries a JWT
 * signed with the app's private key whose certificate is uploaded to the app registration. As Entra's
 * "certificate credentials" page documents the assertion now: {@code alg} PS256 (RSASSA-PSS, SHA-256, MGF1 with
 * SHA-256, salt of 32 bytes), header {@code x5t#S256} the base64url SHA-256 thumbprint of the certificate's DER.
 * The RS256/{@code x5t} (SHA-1) form is no longer documented there (only in the archived page), so it is not sent.
 */
public final class ClientCertificate implements AssertionSource {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final long LIFETIME_SECONDS = 600;
    /** PS256 as RFC 7518 section 3.5 defines it. */
    static final PSSParameterSpec PSS_SHA256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            32, 1);

    private final X509Certificate cert;
    private final PrivateKey key;

    public ClientCertificate(X509Certificate cert, PrivateKey key) {
        if (!(key instanceof RSAPrivateKey)) {
            throw new IllegalArgumentException("the client certificate's key must be RSA (Microsoft Entra ID takes "
                    + "PS256 client assertions), got " + key.getAlgorithm());
        }
        this.cert = cert;
        this.key = key;
    }

    /** Loads a PEM certificate and its unencrypted PKCS#8 PEM key. */
    public static ClientCertificate load(Path certFile, Path keyFile) throws IOException {
        FleetCerts.Issued i = FleetCerts.load(certFile, keyFile);
        return new ClientCertificate(i.cert(), i.key());
    }

    /** A fresh signed assertion for one token request to {@code audience} (the token endpoint). */
    @Override
    public String assertion(String clientId, URI audience, long nowMillis) throws IOException {
        long nowSeconds = nowMillis / 1000;
        try {
            ObjectNode h = MAPPER.createObjectNode();
            h.put("alg", "PS256");
            h.put("typ", "JWT");
            h.put("x5t#S256", thumbprintSha256());
            ObjectNode c = MAPPER.createObjectNode();
            c.put("aud", audience.toString());
            c.put("iss", clientId);
            c.put("sub", clientId);
            c.put("jti", UUID.randomUUID().toString());
            c.put("iat", nowSeconds);
            c.put("nbf", nowSeconds);
            c.put("exp", nowSeconds + LIFETIME_SECONDS);
            String signingInput = B64.encodeToString(MAPPER.writeValueAsBytes(h)) + "."
                    + B64.encodeToString(MAPPER.writeValueAsBytes(c));
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(PSS_SHA256);
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the client assertion: " + e.getMessage(), e);
        }
    }

    /** The base64url SHA-256 thumbprint of the certificate's DER encoding (the header's x5t#S256). */
    String thumbprintSha256() throws IOException {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot hash the client certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "certificate " + cert.getSubjectX500Principal().getName();
    }

    public X509Certificate certificate() {
        return cert;
    }

    @Override
    public String toString() {
        return "ClientCertificate[" + cert.getSubjectX500Principal().getName() + "]";
    }
}
