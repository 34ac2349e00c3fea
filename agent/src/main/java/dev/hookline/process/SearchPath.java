package dev.hookline.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds programs the way a shell does: the first executable regular file of that name along PATH. */
public final class SearchPath {
    private SearchPath() {
    }

    /** The program's path on PATH, or null. */
    public static Path which(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
