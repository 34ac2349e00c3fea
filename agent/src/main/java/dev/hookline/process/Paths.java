package dev.hookline.process;

/** File-name splitting that works for both '/' and '\' separated paths, without java.nio (paths may be foreign). */
public final class Paths {
    private Paths() {
    }

    public static String fileName(String path) {
        if (path == null) {
            return null;
        }
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return i < 0 ? path : path.substring(i + 1);
    }

    /** The directory part without a trailing separator, or "" when the path has none. */
    public static String parent(String path) {
        if (path == null) {
            return null;
        }
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return i <= 0 ? (i == 0 ? path.substring(0, 1) : "") : path.substring(0, i);
    }
}
