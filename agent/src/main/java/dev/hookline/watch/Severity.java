package dev.hookline.watch;

import java.util.List;
import java.util.Locale;

/** Rule severities in rising order, for {@code --fail-on}: an alert fails the watch when its rank is at or above. */
public final class Severity {
    public static final List<String> ORDER = List.of("informational", "low", "medium", "high", "critical");

    private Severity() {
    }

    /** The rank of a severity name (case-insensitive); -1 for an unknown or missing one. */
    public static int rank(String name) {
        return name == null ? -1 : ORDER.indexOf(name.toLowerCase(Locale.ROOT));
    }

    /** The canonical name, or an IllegalArgumentException naming the valid ones. */
    public static String parse(String name) {
        int r = rank(name);
        if (r < 0) {
            throw new IllegalArgumentException("unknown severity \"" + name + "\"; one of " + String.join(", ", ORDER));
        }
        return ORDER.get(r);
    }
}
