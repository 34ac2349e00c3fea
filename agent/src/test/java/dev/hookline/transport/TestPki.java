package dev.hookline.transport;

import dev.hookline.transport.tls.FleetCerts;
import dev.hookline.transport.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A throw-away fleet PKI in a temp dir: CA, collector cert for 127.0.0.1/localhost, agent certs on demand. */
public final class TestPki {
    public final Path dir;
    public final FleetCerts.Issued ca;
    public final TlsFiles collector;

    public TestPki(Path dir) throws IOException {
        this.dir = dir;
        this.ca = FleetCerts.createCa("test-fleet-ca", Duration.ofDays(1));
        ca.writePem(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        FleetCerts.Issued c = FleetCerts.issueCollector(ca, "collector", List.of("127.0.0.1", "localhost"),
                Duration.ofDays(1));
        c.writePem(dir.resolve("collector.crt"), dir.resolve("collector.key"));
        collector = new TlsFiles(dir.resolve("ca.crt"), dir.resolve("collector.crt"), dir.resolve("collector.key"));
    }

    public TlsFiles agent(String id) throws IOException {
        FleetCerts.Issued a = FleetCerts.issueAgent(ca, id, Duration.ofDays(1));
        a.writePem(dir.resolve(id + ".crt"), dir.resolve(id + ".key"));
        return new TlsFiles(dir.resolve("ca.crt"), dir.resolve(id + ".crt"), dir.resolve(id + ".key"));
    }
}
