package dev.hookline.transport.client;

/** A collector's answer to one batch: HTTP status, JSON body, Retry-After seconds (0 if absent). */
public record CollectorResponse(int status, String body, long retryAfterSeconds) {
    public boolean ok() {
        return status == 200;
    }

    /** A number field of the JSON ack body ({@code accepted}, {@code duplicates}, {@code invalid}); 0 if absent. */
    public long field(String name) {
        String key = "\"" + name + "\":";
        int i = body.indexOf(key);
        if (i < 0) {
            return 0;
        }
        int j = i + key.length();
        long v = 0;
        while (j < body.length() && Character.isDigit(body.charAt(j))) {
            v = v * 10 + (body.charAt(j++) - '0');
        }
        return v;
    }
}
