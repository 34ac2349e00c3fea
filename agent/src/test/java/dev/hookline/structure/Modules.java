package dev.hookline.structure;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The source trees of this checkout's modules, found from where the agent's test classes were loaded. */
final class Modules {
    /** The collectors modules, each owning the dev.hookline.&lt;os&gt; tree named after it. */
    static final List<String> COLLECTORS = List.of("collectors-linux", "collectors-windows", "collectors-macos");

    private Modules() {
    }

    /** The checkout's root (the agent module's parent). */
    static Path root() {
        try {
            // .../agent/target/test-classes
            Path classes = Path.of(Modules.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A module's src/main/java; null when the module is not in this checkout (e.g. the agent built on its own). */
    static Path mainSources(String module) {
        Path p = root().resolve(module).resolve("src/main/java");
        return Files.isDirectory(p) ? p : null;
    }

    /** "collectors-linux" → "dev.hookline.linux". */
    static String ownTree(String collectorsModule) {
        return "dev.hookline." + collectorsModule.substring("collectors-".length());
    }
}
