package dev.hookline.kql;

import dev.hookline.geoip.GeoIpDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one compilation that the agent's configuration decides.
 *
 * @param rowBudget rows a join or lookup may hold on its build (right) side, and a materialize() or a subquery of
 *     in/has_any/toscalar may hold, before the query stops with a KqlException instead of exhausting the heap
 * @param allowRemoteExternalData whether externaldata may fetch http(s) URIs (off: the agent makes no outbound
 *     fetches unless configured to)
 * @param allowLocalExternalData whether externaldata may read local files: right for the CLI, which reads with
 *     its user's rights; a query arriving over the agent's control socket would read them as the agent (root), so
 *     that path should turn it off unless configured
 * @param fetcher how an allowed http(s) externaldata URI is read: {@link #HTTP} (the network), or, in tests that
 *     may send no traffic, a stand-in serving fixed content
 * @param geoIp the database geo_info_from_ip_address reads ({@code --geoip-db}, config {@code kql.geoip_db}), or
 *     null: then every address gives Kusto's empty bag and the query says why in a warning
 */
public record KqlOptions(long rowBudget, boolean allowRemoteExternalData, boolean allowLocalExternalData,
        Fetcher fetcher, GeoIpDatabase geoIp) {
    public static final long DEFAULT_ROW_BUDGET = 2_000_000L;

    /** Reads one http(s) URI of externaldata. */
    @FunctionalInterface
    public interface Fetcher {
        InputStream open(URI uri) throws IOException, InterruptedException;
    }

    /** GET over the network, following redirects, with connect and read timeouts. */
    public static final Fetcher HTTP = u -> {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> resp = client.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(60)).GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() / 100 != 2) {
            resp.body().close();
            throw new IOException("HTTP " + resp.statusCode());
        }
        return resp.body();
    };

    public static final KqlOptions DEFAULT = new KqlOptions(DEFAULT_ROW_BUDGET, false, true, HTTP, null);

    public KqlOptions {
        if (rowBudget < 1) {
            throw new IllegalArgumentException("rowBudget must be positive");
        }
        Objects.requireNonNull(fetcher, "fetcher");
    }

    public KqlOptions(long rowBudget, boolean allowRemoteExternalData, boolean allowLocalExternalData) {
        this(rowBudget, allowRemoteExternalData, allowLocalExternalData, HTTP, null);
    }

    public KqlOptions(long rowBudget, boolean allowRemoteExternalData, boolean allowLocalExternalData,
            Fetcher fetcher) {
        this(rowBudget, allowRemoteExternalData, allowLocalExternalData, fetcher, null);
    }

    public KqlOptions withRowBudget(long rows) {
        return new KqlOptions(rows, allowRemoteExternalData, allowLocalExternalData, fetcher, geoIp);
    }

    public KqlOptions withRemoteExternalData(boolean allow) {
        return new KqlOptions(rowBudget, allow, allowLocalExternalData, fetcher, geoIp);
    }

    public KqlOptions withLocalExternalData(boolean allow) {
        return new KqlOptions(rowBudget, allowRemoteExternalData, allow, fetcher, geoIp);
    }

    /** Remote externaldata allowed and read through {@code f}. */
    public KqlOptions withFetcher(Fetcher f) {
        return new KqlOptions(rowBudget, true, allowLocalExternalData, f, geoIp);
    }

    /** geo_info_from_ip_address reads this database (null: none, every address gives an empty bag). */
    public KqlOptions withGeoIp(GeoIpDatabase db) {
        return new KqlOptions(rowBudget, allowRemoteExternalData, allowLocalExternalData, fetcher, db);
    }
}
