package dev.hookline.transport.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hookline.transport.Wire;
import java.io.IOException;

/**
 * The reference for {@link AlertIdScanner} (the collector's own check): Jackson's verdict on one line. Pulls the
 * top-level {@code "AlertId"} out of one alert JSON line with a streaming parser, checking on the way that
 * the whole line is one well-formed JSON object. Returns null for anything else (counted as invalid by the sink).
 * Ids are limited to 1..128 printable ASCII characters: they become lines of the dedup file.
 */
final class AlertIdExtractor {
    private static final JsonFactory JSON = new JsonFactory();

    private AlertIdExtractor() {
    }

    static String alertId(String line) {
        byte[] b = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return alertId(b, 0, b.length);
    }

    /** The same on the received bytes (UTF-8), without decoding the line to a string first. */
    static String alertId(byte[] buf, int off, int len) {
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (Wire.ALERT_ID_FIELD.equals(name) && v == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return AlertIdScanner.valid(id) ? id : null;
        } catch (IOException e) {
            return null;
        }
    }

}
