package dev.hookline.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Name and version from the metadata files package managers leave beside a script: package.json (npm), PKG-INFO
 * (a Python sdist), a Debian control paragraph (dpkg's tmp.ci/control) and dpkg's status database. Each reads at
 * most what it needs; malformed input gives null, never an exception.
 */
public final class Metadata {
    /** Name and version; either may be null. */
    public record NameVersion(String name, String version) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** package.json is read whole: refuse absurd ones. */
    static final int MAX_JSON_CHARS = 1 << 20;

    private Metadata() {
    }

    public static NameVersion packageJson(BufferedReader r) {
        try {
            char[] buf = new char[MAX_JSON_CHARS];
            int n = 0;
            int k;
            while (n < buf.length && (k = r.read(buf, n, buf.length - n)) > 0) {
                n += k;
            }
            JsonNode j = JSON.readTree(new String(buf, 0, n));
            if (j == null || !j.isObject()) {
                return null;
            }
            return new NameVersion(text(j.get("name")), text(j.get("version")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** PKG-INFO or a control paragraph: "Name:"/"Package:" and "Version:" headers up to the first blank line. */
    public static NameVersion headers(BufferedReader r) {
        String name = null;
        String version = null;
        try {
            String line;
            while ((line = r.readLine()) != null && !line.isEmpty()) {
                if (line.startsWith("Name:") || line.startsWith("Package:")) {
                    name = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("Version:")) {
                    version = line.substring(8).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return name == null && version == null ? null : new NameVersion(name, version);
    }

    /** The Version of {@code pkg}'s paragraph in dpkg's status file (read up to that paragraph), or null. */
    public static String dpkgStatusVersion(BufferedReader r, String pkg) {
        String want = "Package: " + pkg;
        try {
            String line;
            boolean in = false;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    in = false;
                } else if (line.startsWith("Package: ")) {
                    in = line.equals(want);
                } else if (in && line.startsWith("Version: ")) {
                    return line.substring(9).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String text(JsonNode n) {
        return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText();
    }
}
