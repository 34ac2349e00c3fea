package dev.hookline.transport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The fleet PKI for the alert transport: a fleet CA, a collector (server) certificate and one client certificate
 * per agent (its CN is the agent id the collector uses for rate limits and logs). Keys are EC P-256, certificates
 * SHA256withECDSA, files PEM (certificate: {@code CERTIFICATE}; key: unencrypted PKCS#8 {@code PRIVATE KEY}, written
 * 0600) — exactly what Netty's {@code SslContextBuilder} reads.
 *
 * <p>Bouncy Castle is used only to build and sign the certificates (the JDK has no public API for issuing X.509);
 * signing itself runs on the JDK's default provider. The same steps with openssl:
 * <pre>
 * openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -subj /CN=fleet-ca \
 *     -days 3650 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
 * openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout agent.key -out agent.csr -subj /CN=host-42
 * openssl x509 -req -in agent.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -out agent.crt \
 *     -extfile &lt;(printf "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature")
 * (collector: extendedKeyUsage=serverAuth and subjectAltName=DNS:collector.example,IP:10.0.0.5)
 * </pre>
 */
public final class FleetCerts {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private FleetCerts() {
    }

    /** A certificate with its private key. */
    public record Issued(X509Certificate cert, PrivateKey key) {
        public String certPem() {
            return pem("CERTIFICATE", encoded(cert));
        }

        public String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }

        /** Writes the certificate and (owner-only readable) key as PEM files, creating parent directories. */
        public void writePem(Path certFile, Path keyFile) throws IOException {
            mkParent(certFile);
            mkParent(keyFile);
            Files.writeString(certFile, certPem(), StandardCharsets.US_ASCII);
            Files.deleteIfExists(keyFile);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(keyFile,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(keyFile, keyPem(), StandardCharsets.US_ASCII);
        }

        /** The subject's common name (for an agent certificate: the agent id). */
        public String commonName() {
            return FleetCerts.commonName(cert);
        }
    }

    /** A self-signed fleet CA. */
    public static Issued createCa(String commonName, Duration validity) {
        KeyPair kp = newKeyPair();
        X500Name name = name(commonName);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new Issued(sign(b, kp.getPrivate()), kp.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the fleet CA: " + e.getMessage(), e);
        }
    }

    /**
     * A collector (TLS server) certificate. {@code hosts}: the DNS names and IP literals agents connect to; each
     * becomes a subjectAltName (agents verify it).
     */
    public static Issued issueCollector(Issued ca, String commonName, List<String> hosts, Duration validity) {
        List<GeneralName> sans = new ArrayList<>();
        for (String h : hosts) {
            boolean ip = IPV4.matcher(h).matches() || h.indexOf(':') >= 0;
            sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, h));
        }
        return issue(ca, commonName, KeyPurposeId.id_kp_serverAuth, sans, validity);
    }

    /** An agent (TLS client) certificate whose CN is the agent id. */
    public static Issued issueAgent(Issued ca, String agentId, Duration validity) {
        return issue(ca, agentId, KeyPurposeId.id_kp_clientAuth, List.of(), validity);
    }

    private static Issued issue(Issued ca, String cn, KeyPurposeId purpose, List<GeneralName> sans,
            Duration validity) {
        if (cn == null || cn.isBlank()) {
            throw new IllegalArgumentException("a certificate needs a common name");
        }
        KeyPair kp = newKeyPair();
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert(), serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name(cn),
                    kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.cert()));
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            return new Issued(sign(b, ca.key()), kp.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + cn + ": " + e.getMessage(), e);
        }
    }

    /** Loads a certificate and its key from PEM files (e.g. the CA, to issue more agent certificates). */
    public static Issued load(Path certFile, Path keyFile) throws IOException {
        byte[] certDer = pemBody(Files.readString(certFile, StandardCharsets.US_ASCII), "CERTIFICATE", certFile);
        byte[] keyDer = pemBody(Files.readString(keyFile, StandardCharsets.US_ASCII), "PRIVATE KEY", keyFile);
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(certDer));
            PrivateKey key = KeyFactory.getInstance(cert.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(keyDer));
            return new Issued(cert, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + certFile + " / " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The CN of a certificate's subject, or null. */
    public static String commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        X500Name n = new X500Name(dn);
        var rdns = n.getRDNs(BCStyle.CN);
        return rdns.length == 0 ? null : rdns[0].getFirst().getValue().toString();
    }

    private static byte[] pemBody(String text, String type, Path file) throws IOException {
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(m.group(2));
            }
        }
        throw new IOException(file + ": no PEM " + type + " block (keys must be unencrypted PKCS#8)");
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        var cs = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
        return new JcaX509CertificateConverter().getCertificate(b.build(cs));
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        StringWriter w = new StringWriter();
        w.write("-----BEGIN " + type + "-----\n");
        w.write(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der));
        w.write("\n-----END " + type + "-----\n");
        return w.toString();
    }

    private static void mkParent(Path p) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
