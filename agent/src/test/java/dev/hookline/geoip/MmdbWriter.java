package dev.hookline.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB (format 2.0, as MaxMind documents it) for tests, so no real database is ever needed:
 * an IPv6 search tree of 24-bit records (IPv4 networks at ::a.b.c.d/96+n, where readers look IPv4 up), the
 * 16-byte separator, a data section of maps, strings, doubles and unsigned ints, and the metadata map after
 * the "\xAB\xCD\xEFMaxMind.com" marker. Networks must not nest.
 */
public final class MmdbWriter {
    private final Trie root = new Trie();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** A GeoLite2-City-shaped record for the network (CIDR text); null parts are left out of the record. */
    public MmdbWriter city(String cidr, String country, String state, String city, Double lat, Double lon)
            throws IOException {
        Map<String, Object> rec = new LinkedHashMap<>();
        if (city != null) {
            rec.put("city", Map.of("names", Map.of("en", city)));
        }
        if (country != null) {
            rec.put("country", Map.of("iso_code", "XX", "names", Map.of("en", country)));
        }
        if (lat != null) {
            Map<String, Object> loc = new LinkedHashMap<>();
            loc.put("latitude", lat);
            loc.put("longitude", lon);
            rec.put("location", loc);
        }
        if (state != null) {
            rec.put("subdivisions", List.of(Map.of("names", Map.of("en", state))));
        }
        return record(cidr, rec);
    }

    /** Any record (maps, lists, strings, doubles, longs as uint32) for the network. */
    public MmdbWriter record(String cidr, Map<String, Object> rec) throws IOException {
        int offset = data.size();
        encode(data, rec);
        String[] p = cidr.split("/");
        byte[] a = InetAddress.getByName(p[0]).getAddress();
        int prefix = Integer.parseInt(p[1]);
        byte[] bits = a;
        if (a.length == 4) {
            bits = new byte[16];
            System.arraycopy(a, 0, bits, 12, 4);
            prefix += 96;
        }
        Trie t = root;
        for (int i = 0; i < prefix - 1; i++) {
            int bit = (bits[i / 8] >> (7 - i % 8)) & 1;
            if (t.child[bit] == null) {
                t.child[bit] = new Trie();
            }
            t = t.child[bit];
        }
        int last = (bits[(prefix - 1) / 8] >> (7 - (prefix - 1) % 8)) & 1;
        t.data[last] = offset;
        return this;
    }

    public void write(Path file) throws IOException {
        List<Trie> order = new ArrayList<>();
        number(root, order);
        int nodeCount = order.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Trie n : order) {
            for (int side = 0; side < 2; side++) {
                long v = n.child[side] != null ? n.child[side].id
                        : n.data[side] != null ? nodeCount + 16L + n.data[side] : nodeCount;
                out.write((int) (v >>> 16));
                out.write((int) (v >>> 8));
                out.write((int) v);
            }
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("binary_format_major_version", new U16(2));
        meta.put("binary_format_minor_version", new U16(0));
        meta.put("build_epoch", new U64(1_700_000_000L));
        meta.put("database_type", "Hookline-Test-City");
        meta.put("description", Map.of("en", "test ranges"));
        meta.put("ip_version", new U16(6));
        meta.put("languages", List.of("en"));
        meta.put("node_count", (long) nodeCount);
        meta.put("record_size", new U16(24));
        encode(out, meta);
        Files.write(file, out.toByteArray());
    }

    private static void number(Trie t, List<Trie> order) {
        t.id = order.size();
        order.add(t);
        for (Trie c : t.child) {
            if (c != null) {
                number(c, order);
            }
        }
    }

    private record U16(int v) {
    }

    private record U64(long v) {
    }

    /** The data section's encoding: a control byte (type in the top 3 bits, size below), then the payload. */
    private static void encode(ByteArrayOutputStream o, Object v) throws IOException {
        if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(o, 2, b.length);
            o.write(b);
        } else if (v instanceof Double d) {
            control(o, 3, 8);
            long bits = Double.doubleToLongBits(d);
            for (int i = 7; i >= 0; i--) {
                o.write((int) (bits >>> (8 * i)));
            }
        } else if (v instanceof U16 u) {
            unsigned(o, 5, u.v());
        } else if (v instanceof Long l) {
            unsigned(o, 6, l);
        } else if (v instanceof U64 u) {
            unsigned(o, 9, u.v());
        } else if (v instanceof Map<?, ?> m) {
            control(o, 7, m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(o, e.getKey());
                encode(o, e.getValue());
            }
        } else if (v instanceof List<?> l) {
            control(o, 11, l.size());
            for (Object x : l) {
                encode(o, x);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + v);
        }
    }

    private static void unsigned(ByteArrayOutputStream o, int type, long v) {
        int n = 0;
        for (long x = v; x != 0; x >>>= 8) {
            n++;
        }
        control(o, type, n);
        for (int i = n - 1; i >= 0; i--) {
            o.write((int) (v >>> (8 * i)));
        }
    }

    private static void control(ByteArrayOutputStream o, int type, int size) {
        int first = (type <= 7 ? type : 0) << 5;
        if (size < 29) {
            o.write(first | size);
        } else if (size < 285) {
            o.write(first | 29);
        } else {
            throw new IllegalArgumentException("size " + size + " too large for this writer");
        }
        if (type > 7) {
            o.write(type - 7);
        }
        if (size >= 29) {
            o.write(size - 29);
        }
    }

    private static final class Trie {
        final Trie[] child = new Trie[2];
        final Integer[] data = new Integer[2];
        int id;
    }
}
