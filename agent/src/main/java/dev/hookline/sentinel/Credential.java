package dev.hookline.sentinel;

import java.io.IOException;

/** One way of getting an access token for the Logs Ingestion API; {@link TokenSource} caches what it returns. */
interface Credential {
    /** A new token (never cached here); an error names this credential, the step that failed and the AADSTS code. */
    AccessToken fetch(long nowMillis) throws IOException;

    /** What this credential is, for messages: "client secret of app c1 in tenant t1". Never holds a secret. */
    String describe();
}
