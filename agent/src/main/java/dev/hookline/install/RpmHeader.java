package dev.hookline.install;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Name, version, release and install scriptlets from an .rpm file's main header (the format rpm(8) documents in
 * its "RPM package format" notes): a 96-byte lead, the signature header padded to 8 bytes, then the main header,
 * each header being a magic {@code 8E AD E8 01}, an index of (tag, type, offset, count) entries and a data store.
 * Only string tags are read. Bounded and defensive: a truncated or hostile file gives null, never an exception.
 */
public final class RpmHeader {
    /** The scriptlet tags, by the name a spec file gives them. */
    private static final Map<Integer, String> SCRIPTS = Map.of(1023, "%pre", 1024, "%post", 1025, "%preun",
            1026, "%postun", 1151, "%pretrans", 1152, "%posttrans");
    private static final int NAME = 1000;
    private static final int VERSION = 1001;
    private static final int RELEASE = 1002;
    private static final int STRING = 6;
    /** Headers with file lists run to a few MiB; refuse larger ones. */
    static final int MAX_STORE = 32 << 20;
    static final int MAX_ENTRIES = 1 << 16;

    private final String name;
    private final String version;
    private final String release;
    private final Map<String, String> scripts;

    private RpmHeader(String name, String version, String release, Map<String, String> scripts) {
        this.name = name;
        this.version = version;
        this.release = release;
        this.scripts = scripts;
    }

    public String name() {
        return name;
    }

    /** version-release, as {@code rpm -q} shows it. */
    public String versionRelease() {
        return version == null ? null : release == null ? version : version + "-" + release;
    }

    /** Scriptlet bodies by phase (%pre, %post...). */
    public Map<String, String> scripts() {
        return scripts;
    }

    /**
     * The phase whose scriptlet rpm wrote to the temp file a script runs ({@code /var/tmp/rpm-tmp.*}): rpm copies the
     * body there (after a line setting RPM_INSTALL_PREFIX for relocatable packages), so the body is part of it.
     */
    public String phaseOf(String tempScript) {
        if (tempScript == null) {
            return null;
        }
        String t = tempScript.strip();
        for (Map.Entry<String, String> s : scripts.entrySet()) {
            String body = s.getValue().strip();
            if (!body.isEmpty() && (t.equals(body) || t.endsWith(body))) {
                return s.getKey();
            }
        }
        return null;
    }

    /** The header of an .rpm stream, or null when it is not one (or is cut short). */
    public static RpmHeader read(InputStream in) {
        try {
            DataInputStream d = new DataInputStream(in);
            byte[] lead = new byte[96];
            d.readFully(lead);
            if ((lead[0] & 0xff) != 0xED || (lead[1] & 0xff) != 0xAB || (lead[2] & 0xff) != 0xEE
                    || (lead[3] & 0xff) != 0xDB) {
                return null;
            }
            int[] sig = headerSizes(d);
            if (sig == null) {
                return null;
            }
            long sigBytes = 16L * sig[0] + sig[1];
            skip(d, sigBytes + (8 - sigBytes % 8) % 8);
            int[] main = headerSizes(d);
            if (main == null) {
                return null;
            }
            int[][] index = new int[main[0]][];
            for (int i = 0; i < main[0]; i++) {
                index[i] = new int[] {d.readInt(), d.readInt(), d.readInt(), d.readInt()};
            }
            byte[] store = new byte[main[1]];
            d.readFully(store);
            String name = null;
            String version = null;
            String release = null;
            Map<String, String> scripts = new LinkedHashMap<>();
            for (int[] e : index) {
                if (e[1] != STRING) {
                    continue;
                }
                String s = string(store, e[2]);
                if (s == null) {
                    continue;
                }
                if (e[0] == NAME) {
                    name = s;
                } else if (e[0] == VERSION) {
                    version = s;
                } else if (e[0] == RELEASE) {
                    release = s;
                } else if (SCRIPTS.containsKey(e[0])) {
                    scripts.put(SCRIPTS.get(e[0]), s);
                }
            }
            return name == null ? null : new RpmHeader(name, version, release, Map.copyOf(scripts));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A header's {entries, store bytes} after its magic, or null when the magic or sizes are wrong. */
    private static int[] headerSizes(DataInputStream d) throws IOException {
        int magic = d.readInt();
        d.readInt(); // reserved
        int entries = d.readInt();
        int store = d.readInt();
        if (magic != 0x8EADE801 || entries < 0 || entries > MAX_ENTRIES || store < 0 || store > MAX_STORE) {
            return null;
        }
        return new int[] {entries, store};
    }

    private static void skip(DataInputStream d, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long k = d.skip(left);
            if (k <= 0) {
                if (d.read() < 0) {
                    throw new EOFException();
                }
                k = 1;
            }
            left -= k;
        }
    }

    private static String string(byte[] store, int offset) {
        if (offset < 0 || offset >= store.length) {
            return null;
        }
        int end = offset;
        while (end < store.length && store[end] != 0) {
            end++;
        }
        return new String(store, offset, end - offset, StandardCharsets.UTF_8);
    }
}
