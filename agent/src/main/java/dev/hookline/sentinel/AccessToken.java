package dev.hookline.sentinel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.config.Secret;
import java.io.IOException;

/**
 * An access token and when it expires. Built from the token responses of Microsoft Entra ID ({@code expires_in}, a
 * number of seconds) and of the managed identity endpoints ({@code expires_on}, epoch seconds, and
 * {@code expires_in}, both sent as strings by IMDS and the Arc agent).
 */
record AccessToken(Secret token, long expiresAtMillis) {
    /** Without a lifetime in the answer, a token is taken to live an hour (Entra's usual lifetime). */
    static final long DEFAULT_LIFETIME_SECONDS = 3600;

    /** The token in a 200 answer's JSON body; an error when there is none. */
    static AccessToken parse(JsonNode body, long nowMillis, String source) throws IOException {
        Secret t = body == null ? null : Secret.of(body.path("access_token").asText(null));
        if (t == null) {
            throw new IOException(source + " answered without an access_token");
        }
        long expiresOn = seconds(body.get("expires_on"));
        if (expiresOn > 0) {
            // absolute: immune to the time the answer took to arrive
            return new AccessToken(t, expiresOn * 1000);
        }
        long expiresIn = seconds(body.get("expires_in"));
        return new AccessToken(t, nowMillis + (expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS) * 1000);
    }

    /** A JSON number or a string of digits as seconds; 0 when absent or not a number. */
    private static long seconds(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        String s = n.asText("").trim();
        return s.matches("[0-9]{1,12}") ? Long.parseLong(s) : 0;
    }
}
