package dev.hookline.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SignatureException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetCertsTest {
    @TempDir
    Path dir;

    @Test
    void agentAndCollectorCertificatesChainToTheCaAndCarryTheirNames() throws Exception {
        FleetCerts.Issued ca = FleetCerts.createCa("fleet", Duration.ofDays(10));
        FleetCerts.Issued agent = FleetCerts.issueAgent(ca, "host-42", Duration.ofDays(10));
        FleetCerts.Issued coll = FleetCerts.issueCollector(ca, "collector", List.of("10.0.0.5", "c.example"),
                Duration.ofDays(10));
        agent.cert().verify(ca.cert().getPublicKey());
        coll.cert().verify(ca.cert().getPublicKey());
        assertEquals("host-42", agent.commonName());
        assertTrue(agent.cert().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
        assertTrue(coll.cert().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertEquals(2, coll.cert().getSubjectAlternativeNames().size());
        assertEquals(0, ca.cert().getBasicConstraints());
        FleetCerts.Issued other = FleetCerts.createCa("other", Duration.ofDays(1));
        assertThrows(SignatureException.class, () -> agent.cert().verify(other.cert().getPublicKey()));
    }

    @Test
    void pemFilesRoundTripAndTheKeyIsOwnerOnly() throws Exception {
        FleetCerts.Issued ca = FleetCerts.createCa("fleet", Duration.ofDays(10));
        ca.writePem(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        FleetCerts.Issued back = FleetCerts.load(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        assertEquals(ca.cert(), back.cert());
        assertEquals(ca.key(), back.key());
        assertEquals(java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("ca.key")));
        // The loaded CA can issue more agent certificates (the `hookline certs` flow).
        FleetCerts.issueAgent(back, "host-43", Duration.ofDays(1)).cert().verify(ca.cert().getPublicKey());
    }

    @Test
    void opensslAcceptsTheChain() throws Exception {
        FleetCerts.Issued ca = FleetCerts.createCa("fleet", Duration.ofDays(10));
        ca.writePem(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        FleetCerts.issueAgent(ca, "host-1", Duration.ofDays(1)).writePem(dir.resolve("a.crt"), dir.resolve("a.key"));
        Process p;
        try {
            p = new ProcessBuilder("openssl", "verify", "-purpose", "sslclient", "-CAfile",
                    dir.resolve("ca.crt").toString(), dir.resolve("a.crt").toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "openssl not installed");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
