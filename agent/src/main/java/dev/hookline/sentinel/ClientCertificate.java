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
import java.util.Base64;
import java.util.UUID;

/**
 * Certificate credentials for Microsoft Entra ID: instead of a client secret, the token request carries a JWT
 * (RS256) signed with the app's private key whose certificate is uploaded to the app registration; the header's
 * x5t is the certificate's SHA-1 thumbprint, as Entra documents for client assertions.
 */
public final class ClientCertificate {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final long LIFETIME_SECONDS = 600;

    private final X509Certificate cert;
    private final PrivateKey key;

    public ClientCertificate(X509Certificate cert, PrivateKey key) {
        if (!(key instanceof RSAPrivateKey)) {
            throw new IllegalArgumentException("the client certificate's key must be RSA (Microsoft Entra ID signs "
                    + "client assertions with RS256), got " + key.getAlgorithm());
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
    String assertion(String clientId, URI audience, long nowSeconds) throws IOException {
        try {
            ObjectNode h = MAPPER.createObjectNode();
            h.put("alg", "RS256");
            h.put("typ", "JWT");
            h.put("x5t", B64.encodeToString(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded())));
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
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the client assertion: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return cert;
    }

    @Override
    public String toString() {
        return "ClientCertificate[" + cert.getSubjectX500Principal().getName() + "]";
    }
}
