package dev.hookline.sentinel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * One call of the Logs Ingestion API: POST {endpoint}/dataCollectionRules/{dcr}/streams/{stream}?api-version=
 * 2023-01-01 with a gzip'd JSON array, a fresh x-ms-client-request-id and the bearer token. 204 means accepted.
 */
final class IngestionClient {
    /** The outcome of one call: status, the server's Retry-After in ms (0 if none), the request id, the body. */
    record Response(int status, long retryAfterMillis, String requestId, String body) {
        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final SentinelSettings s;
    private final HttpClient http;

    IngestionClient(SentinelSettings s, HttpClient http) {
        this.s = s;
        this.http = http;
    }

    /** The records as one JSON array (the caller keeps it within the body limit). */
    static byte[] jsonArray(List<byte[]> records) {
        int n = 2 + Math.max(0, records.size() - 1);
        for (byte[] r : records) {
            n += r.length;
        }
        byte[] out = new byte[n];
        int p = 0;
        out[p++] = '[';
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out[p++] = ',';
            }
            byte[] r = records.get(i);
            System.arraycopy(r, 0, out, p, r.length);
            p += r.length;
        }
        out[p] = ']';
        return out;
    }

    Response post(String stream, byte[] jsonArray, String accessToken) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(Math.max(1024, jsonArray.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(bos, 8192)) {
            gz.write(jsonArray);
        }
        String requestId = UUID.randomUUID().toString();
        HttpRequest req = HttpRequest.newBuilder(s.streamUri(stream))
                .timeout(Duration.ofMillis(s.requestTimeoutMillis))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("x-ms-client-request-id", requestId)
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bos.toByteArray()))
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to Sentinel");
        }
        long retryAfter = retryAfterMillis(r.headers().firstValue("Retry-After").orElse(null),
                System.currentTimeMillis());
        String body = r.body() == null ? "" : r.body();
        return new Response(r.statusCode(), retryAfter, requestId, body.length() > 500 ? body.substring(0, 500) : body);
    }

    /** Retry-After as delay-seconds or an HTTP date; 0 when absent or unreadable. */
    static long retryAfterMillis(String v, long nowMillis) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        String t = v.trim();
        try {
            return Math.max(0, Math.min(Long.parseLong(t), 86_400)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, Math.min(at - nowMillis, 86_400_000L));
            } catch (DateTimeParseException notADate) {
                return 0;
            }
        }
    }
}
