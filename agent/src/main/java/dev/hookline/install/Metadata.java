package dev.hookline.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Name and version from the metadata files package managers leave beside a script: package.json (npm), PKG-INFO
 * (a Python sdist), a Python project's own pyproject.toml {@code [project]}, setup.cfg {@code [metadata]} or
 * setup.py literals (pip building a local directory in place), a Debian control paragraph (dpkg's tmp.ci/control)
 * and dpkg's status database. Each reads at most what it needs; malformed input gives null, never an exception.
 * No Python is run: a version computed at build time (dynamic, attr:, a variable) is left unknown.
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

    /** Lines read from a project file at most: the tables that matter come first in practice. */
    static final int MAX_LINES = 2000;
    private static final java.util.regex.Pattern TOML_STRING = java.util.regex.Pattern.compile(
            "^\\s*(name|version)\\s*=\\s*(?:\"([^\"\\\\]*)\"|'([^']*)')\\s*(?:#.*)?$");
    private static final java.util.regex.Pattern INI_VALUE = java.util.regex.Pattern.compile(
            "^(name|version)\\s*[=:]\\s*(\\S[^#;]*?)\\s*$");
    private static final java.util.regex.Pattern SETUP_KEYWORD = java.util.regex.Pattern.compile(
            "\\b(name|version)\\s*=\\s*(?:\"([^\"\\\\\\n]+)\"|'([^'\\\\\\n]+)')");

    /**
     * pyproject.toml's {@code [project]} table (PEP 621): its {@code name} and {@code version} as basic or literal
     * one-line strings. Just enough TOML for those two keys: other tables, arrays and multi-line values are skipped.
     */
    public static NameVersion pyproject(BufferedReader r) {
        return section(r, "[project]", TOML_STRING);
    }

    /** setup.cfg's {@code [metadata]} section: {@code name} and a literal {@code version} (not {@code attr:}). */
    public static NameVersion setupCfg(BufferedReader r) {
        NameVersion nv = section(r, "[metadata]", INI_VALUE);
        if (nv != null && nv.version() != null && (nv.version().startsWith("attr:") || nv.version().startsWith("file:"))) {
            nv = nv.name() == null ? null : new NameVersion(nv.name(), null);
        }
        return nv;
    }

    /** setup.py's {@code setup(name="...", version="...")} keywords when they are string literals. */
    public static NameVersion setupPy(BufferedReader r) {
        StringBuilder text = new StringBuilder();
        try {
            String line;
            for (int n = 0; n < MAX_LINES && (line = r.readLine()) != null; n++) {
                text.append(line).append('\n');
            }
        } catch (IOException e) {
            return null;
        }
        int setup = text.indexOf("setup(");
        if (setup < 0) {
            return null;
        }
        String name = null;
        String version = null;
        java.util.regex.Matcher m = SETUP_KEYWORD.matcher(text.substring(setup));
        while (m.find()) {
            String v = m.group(2) != null ? m.group(2) : m.group(3);
            if (m.group(1).equals("name") && name == null) {
                name = v;
            } else if (m.group(1).equals("version") && version == null) {
                version = v;
            }
        }
        return name == null && version == null ? null : new NameVersion(name, version);
    }

    private static NameVersion section(BufferedReader r, String header, java.util.regex.Pattern keyValue) {
        String name = null;
        String version = null;
        boolean in = false;
        try {
            String line;
            for (int n = 0; n < MAX_LINES && (line = r.readLine()) != null; n++) {
                String t = line.strip();
                if (t.startsWith("[")) {
                    if (in) {
                        break;
                    }
                    in = t.equals(header);
                    continue;
                }
                java.util.regex.Matcher m = in ? keyValue.matcher(t) : null;
                if (m != null && m.matches()) {
                    String v = m.groupCount() >= 3 && m.group(3) != null ? m.group(3) : m.group(2);
                    if (m.group(1).equals("name")) {
                        name = v;
                    } else {
                        version = v;
                    }
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
