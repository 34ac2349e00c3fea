package dev.hookline.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helper: GET /metrics over loopback and read one sample's value from the text format. */
public final class Scrape {
    private Scrape() {
    }

    /** The body of GET http://host:port/metrics; IOException when nothing answers. */
    public static String get(String host, int port) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host + ":" + port + "/metrics").toURL()
                .openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        try (InputStream in = c.getInputStream()) {
            if (c.getResponseCode() != 200) {
                throw new IOException("status " + c.getResponseCode());
            }
            String type = c.getHeaderField("Content-Type");
            if (type == null || !type.startsWith("text/plain")) {
                throw new IOException("not the Prometheus text format: Content-Type " + type);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    /** The value of the sample {@code series} (name with its labels, as written), or NaN when absent. */
    public static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
