package dev.hookline.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.AdditionalFields;
import java.io.IOException;

/**
 * The install step a process runs under: manager (npm, pip, cargo, dpkg...), package and version, phase
 * (postinstall, setup.py egg_info, build.rs, postinst...) and the project being installed into. Any part may be
 * null: a context with a manager and no package says "under this manager, script not identified", which makes the
 * resolver look again at the process's children.
 */
public record InstallContext(String manager, String packageName, String version, String phase, String projectDir) {
    public static final String MANAGER = "InstallManager";
    public static final String PACKAGE = "InstallPackage";
    public static final String VERSION = "InstallVersion";
    public static final String PHASE = "InstallPhase";
    public static final String PROJECT_DIR = "InstallProjectDir";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Known package: descendants inherit it without another look. */
    public boolean identified() {
        return packageName != null;
    }

    /** The same context with the gaps filled from {@code other} (null: this). */
    public InstallContext orElse(InstallContext other) {
        if (other == null) {
            return this;
        }
        return new InstallContext(first(manager, other.manager), first(packageName, other.packageName),
                first(version, other.version), first(phase, other.phase), first(projectDir, other.projectDir));
    }

    public InstallContext withVersion(String v) {
        return new InstallContext(manager, packageName, v, phase, projectDir);
    }

    /** "evil-pkg@1.0.3, npm postinstall", as the watch summary and alert titles name it. */
    public String label() {
        StringBuilder b = new StringBuilder();
        b.append(packageName == null ? "unknown package" : packageName);
        if (version != null) {
            b.append('@').append(version);
        }
        b.append(", ").append(manager == null ? "?" : manager);
        if (phase != null) {
            b.append(' ').append(phase);
        }
        return b.toString();
    }

    /** Adds the Install* keys (nulls are left out). */
    public AdditionalFields addTo(AdditionalFields f) {
        return f.put(MANAGER, manager).put(PACKAGE, packageName).put(VERSION, version).put(PHASE, phase)
                .put(PROJECT_DIR, projectDir);
    }

    /** The context in a row's AdditionalFields JSON, or null when it has none (or is not JSON). */
    public static InstallContext fromAdditionalFields(String json) {
        if (json == null || !json.contains(MANAGER)) {
            return null;
        }
        try {
            return from(JSON.readTree(json));
        } catch (IOException e) {
            return null;
        }
    }

    /** The context in an AdditionalFields object (or an alert's InstallContext object with the same keys). */
    public static InstallContext from(JsonNode n) {
        if (n == null || !n.isObject() || !n.has(MANAGER)) {
            return null;
        }
        return new InstallContext(text(n, MANAGER), text(n, PACKAGE), text(n, VERSION), text(n, PHASE),
                text(n, PROJECT_DIR));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String first(String a, String b) {
        return a != null ? a : b;
    }
}
