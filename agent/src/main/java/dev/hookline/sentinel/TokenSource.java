package dev.hookline.sentinel;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * The access token for the Logs Ingestion API, from whichever {@link Credential} the settings name (client secret,
 * certificate, workload identity federation, managed identity). The token is cached and fetched anew
 * {@code tokenRefreshEarlyMillis} before it expires (at half its remaining life when that is shorter), or when
 * {@link #invalidate()} is called after a 401/403. Neither a secret nor the token ever appears in a message.
 */
final class TokenSource {
    private final Credential credential;
    private final long refreshEarlyMillis;
    private final LongSupplier clockMillis;
    private AccessToken token;
    private long refreshAtMillis;
    private long fetched;

    TokenSource(SentinelSettings s, java.net.http.HttpClient http, LongSupplier clockMillis) {
        this(s.credential(http), s.tokenRefreshEarlyMillis, clockMillis);
    }

    TokenSource(Credential credential, long refreshEarlyMillis, LongSupplier clockMillis) {
        this.credential = credential;
        this.refreshEarlyMillis = refreshEarlyMillis;
        this.clockMillis = clockMillis;
    }

    /** A valid access token (from the cache while it has more than the refresh margin left). */
    synchronized String token() throws IOException {
        long now = clockMillis.getAsLong();
        if (token == null || now >= refreshAtMillis) {
            AccessToken t = credential.fetch(now);
            long lifetime = Math.max(0, t.expiresAtMillis() - now);
            // refresh early; a short-lived token is refreshed at half its life instead
            refreshAtMillis = now + lifetime - Math.min(refreshEarlyMillis, lifetime / 2);
            token = t;
            fetched++;
        }
        return token.token().reveal();
    }

    /** Forgets the cached token: the next {@link #token()} asks again. */
    synchronized void invalidate() {
        token = null;
    }

    /** How many tokens were fetched. */
    synchronized long fetched() {
        return fetched;
    }

    /** What credential this is, for messages. */
    String describe() {
        return credential.describe();
    }
}
