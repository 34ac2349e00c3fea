package dev.hookline.geoip;

import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A city-level MaxMind database (GeoLite2-City or GeoIP2-City layout), opened once and shared by every query that
 * asks: lookups are thread-safe. Records are read as MaxMind lays them out: {@code country.names.en} (else
 * {@code registered_country}), the first of {@code subdivisions}, {@code city.names.en} and {@code location}.
 */
public final class GeoIpDatabase implements Closeable {
    private final Path path;
    private final Reader reader;

    private GeoIpDatabase(Path path, Reader reader) {
        this.path = path;
        this.reader = reader;
    }

    /** Opens the file (memory-mapped), or fails with a message naming it and what is wrong. */
    public static GeoIpDatabase open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException("geo database " + path + ": no such file");
        }
        try {
            return new GeoIpDatabase(path, new Reader(path.toFile()));
        } catch (IOException | RuntimeException e) {
            throw new IOException("geo database " + path + " is not a MaxMind (.mmdb) database: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Where the address is, or null when the database has no record for it (private and reserved ranges are
     * never in MaxMind's databases) or the record has none of the fields. A corrupt record also reads as null:
     * a query over many rows should not stop on one bad entry.
     */
    public Location lookup(InetAddress address) {
        Map<?, ?> rec;
        try {
            rec = reader.get(address, Map.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (rec == null) {
            return null;
        }
        String country = name(rec.get("country"));
        if (country == null) {
            country = name(rec.get("registered_country"));
        }
        String state = null;
        if (rec.get("subdivisions") instanceof List<?> subs && !subs.isEmpty()) {
            state = name(subs.get(0));
        }
        String city = name(rec.get("city"));
        Double lat = null;
        Double lon = null;
        if (rec.get("location") instanceof Map<?, ?> loc) {
            lat = number(loc.get("latitude"));
            lon = number(loc.get("longitude"));
        }
        if (country == null && state == null && city == null && lat == null && lon == null) {
            return null;
        }
        return new Location(country, state, city, lat, lon);
    }

    /** The English name of a MaxMind place record ({@code {"names": {"en": ...}}}), or null. */
    private static String name(Object place) {
        if (place instanceof Map<?, ?> m && m.get("names") instanceof Map<?, ?> names
                && names.get("en") instanceof String s && !s.isEmpty()) {
            return s;
        }
        return null;
    }

    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** One address's whereabouts; any part may be null when the database does not know it. */
    public record Location(String country, String state, String city, Double latitude, Double longitude) {
    }
}
