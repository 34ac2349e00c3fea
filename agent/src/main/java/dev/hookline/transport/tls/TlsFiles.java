package dev.hookline.transport.tls;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PEM files for one side of mutual TLS: the fleet CA certificate that the peer must chain to, this side's
 * certificate and its unencrypted PKCS#8 private key.
 */
public record TlsFiles(Path caCert, Path cert, Path key) {
    public TlsFiles {
        if (caCert == null || cert == null || key == null) {
            throw new IllegalArgumentException("TLS needs a CA certificate, a certificate and a key file");
        }
    }

    /** Fails with a clear message naming the missing file. */
    public void requireReadable() {
        for (Path p : new Path[] {caCert, cert, key}) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file not readable: " + p);
            }
        }
    }
}
