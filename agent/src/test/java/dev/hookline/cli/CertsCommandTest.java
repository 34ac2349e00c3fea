package dev.hookline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsCommandTest {
    @Test
    void createsACaACollectorAndAgentCertificatesWithPrivateKeys(@TempDir Path dir) throws Exception {
        String d = dir.toString();
        assertEquals(0, CliCommandsTest.run("certs", "ca", "--dir", d).code());
        assertEquals(0, CliCommandsTest.run("certs", "collector", "--dir", d, "collector.example", "127.0.0.1").code());
        CliCommandsTest.Result r = CliCommandsTest.run("certs", "agent", "--dir", d, "runner-07");
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"ca", "collector", "agent-runner-07"}) {
            assertTrue(Files.readString(dir.resolve(f + ".pem")).startsWith("-----BEGIN CERTIFICATE-----"), f);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f + "-key.pem"))));
        }
    }

    @Test
    void neverOverwritesAndExplainsAMissingCa(@TempDir Path dir) {
        CliCommandsTest.Result missing = CliCommandsTest.run("certs", "agent", "--dir", dir.toString(), "a1");
        assertTrue(missing.code() != 0 && missing.err().contains("hookline certs ca"), missing.err());
        assertEquals(0, CliCommandsTest.run("certs", "ca", "--dir", dir.toString()).code());
        CliCommandsTest.Result again = CliCommandsTest.run("certs", "ca", "--dir", dir.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("not overwriting"), again.err());
    }
}
