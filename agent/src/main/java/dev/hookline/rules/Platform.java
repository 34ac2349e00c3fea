package dev.hookline.rules;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.util.Locale;

/**
 * The operating system a rule is for (a Sigma rule's logsource.product) and that a row comes from. The agent knows
 * its own ({@link #current()}); offline, `detect --platform` says it for the whole file, and without it each row
 * tells by its paths ({@link #windowsRow}): a drive letter or a UNC path is Windows, anything else is Unix (Linux or
 * macOS, which paths alone cannot tell apart, so both kinds of rule run on such rows).
 */
public enum Platform {
    WINDOWS, LINUX, MACOS;

    /** The lower-case name Sigma and the CLI use (windows, linux, macos). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A Sigma product or CLI name; null for null, IllegalArgumentException for an unknown name. */
    public static Platform of(String name) {
        if (name == null) {
            return null;
        }
        for (Platform p : values()) {
            if (p.key().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown platform '" + name + "' (windows, linux or macos)");
    }

    /** The platform this JVM runs on (os.name); LINUX for other Unixes. */
    public static Platform current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("windows") ? WINDOWS : os.startsWith("mac") || os.startsWith("darwin") ? MACOS : LINUX;
    }

    /**
     * Whether a row's paths are Windows paths: its FolderPath, else its InitiatingProcessFolderPath, starts with a
     * drive letter (C:\) or a UNC prefix (\\). A row without either path is taken for Unix.
     */
    public static boolean windowsRow(Event e) {
        String p = e.getString(Columns.FOLDER_PATH);
        if (p == null || p.isEmpty()) {
            p = e.getString(Columns.INITIATING_PROCESS_FOLDER_PATH);
        }
        if (p == null || p.length() < 2) {
            return false;
        }
        char c = p.charAt(0);
        return (p.charAt(1) == ':' && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
                || (c == '\\' && p.charAt(1) == '\\');
    }

    /** Whether a rule for {@code rule} (null: any) runs on a row of {@code row}. */
    public static boolean runsOn(Platform rule, Platform row) {
        return rule == null || rule == row;
    }
}
