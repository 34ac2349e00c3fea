package dev.hookline.sentinel;

import java.io.IOException;

/**
 * Where a client assertion comes from: signed here with the app's certificate, or an external OIDC token (workload
 * identity federation) read from a file or fetched from GitHub Actions. A fresh one is obtained for every token
 * request: federated tokens are short-lived and rotated by the platform that issues them.
 */
interface AssertionSource {
    /** The assertion (a JWT) for a token request to {@code tokenEndpoint}. */
    String assertion(String clientId, java.net.URI tokenEndpoint, long nowMillis) throws IOException;

    /** What it is, for messages ("certificate CN=app", "federated token file /var/run/..."). */
    String describe();
}
