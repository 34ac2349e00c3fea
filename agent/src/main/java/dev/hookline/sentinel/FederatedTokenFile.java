package dev.hookline.sentinel;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Workload identity federation from a token file: the external OIDC token (a JWT) the platform writes and rotates,
 * as Kubernetes workload identity does at {@code $AZURE_FEDERATED_TOKEN_FILE}. The file is read anew for every
 * token request, so a rotated token is picked up without a restart.
 */
final class FederatedTokenFile implements AssertionSource {
    /** A projected service account token is about 1 KB; anything this large is not one. */
    private static final long MAX_BYTES = 64 * 1024;
    private final Path file;

    FederatedTokenFile(Path file) {
        this.file = file;
    }

    @Override
    public String assertion(String clientId, URI tokenEndpoint, long nowMillis) throws IOException {
        String t;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("reading the federated token file " + file + ": over " + MAX_BYTES
                        + " bytes, not a token");
            }
            t = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new IOException("reading the federated token file " + file + ": no such file (is the workload "
                    + "identity token projected into this pod or machine?)");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("reading the federated")) {
                throw e;
            }
            throw new IOException("reading the federated token file " + file + ": " + e);
        }
        Jwt.requireShape(t, "the federated token file " + file);
        return t;
    }

    @Override
    public String describe() {
        return "federated token file " + file;
    }
}
