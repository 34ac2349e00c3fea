package dev.hookline.kql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the seed detection queries from the path the agent pom passes in hookline.seeds. */
final class Seeds {
    private Seeds() {
    }

    static Path dir() {
        String prop = System.getProperty("hookline.seeds");
        Path p = prop != null ? Path.of(prop) : Path.of("../../shared/seeds");
        if (!Files.isDirectory(p)) {
            p = Path.of("../../shared/seeds");
        }
        return p;
    }

    static String read(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String t1195() {
        return read("T1195.001.kql");
    }

    static String t1546() {
        return read("T1546.016.kql");
    }
}
