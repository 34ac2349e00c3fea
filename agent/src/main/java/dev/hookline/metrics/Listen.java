package dev.hookline.metrics;

/**
 * Where a metrics endpoint listens, from a config value: {@code ""} (off), {@code PORT} (127.0.0.1:PORT),
 * {@code HOST:PORT} or {@code [IPv6]:PORT}. Loopback unless a host is written: counters tell an attacker what the
 * sensor sees and misses, so exposing them is the operator's explicit choice.
 */
public record Listen(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The address, or null when {@code text} is empty (metrics off); IllegalArgumentException says what is wrong. */
    public static Listen parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [IPv6]:PORT, got \"" + text + "\"");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else if (t.indexOf(':') < 0) {
            host = DEFAULT_HOST;
            port = t;
        } else if (t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            throw new IllegalArgumentException("an IPv6 address goes in brackets: [::1]:9464, got \"" + text + "\"");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("expected HOST:PORT or PORT (e.g. 127.0.0.1:9464), got \"" + text + "\"");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port must be a number (0-65535), got \"" + text + "\"");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("the port must be between 0 and 65535, got " + p);
        }
        return new Listen(host, p);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
