package dev.hookline.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every package of a module's main sources has a package-info.java whose doc comment says what it is for. */
class EveryPackageSaysWhatItIsForTest {
    private static final Pattern DOC_THEN_PACKAGE = Pattern.compile("(?s)/\\*\\*\\s*\\*?\\s*\\S.*?\\*/\\s*package\\s");

    @ParameterizedTest
    @ValueSource(strings = {"agent", "collectors-linux", "collectors-windows", "collectors-macos"})
    void everyPackageHasADocumentedPackageInfo(String module) throws IOException {
        Path src = Modules.mainSources(module);
        Assumptions.assumeTrue(src != null, () -> {
            System.out.println("skipped: " + module + "/src/main/java is not in this checkout");
            return module + " absent";
        });
        List<String> missing = new ArrayList<>();
        int packages = 0;
        try (Stream<Path> dirs = Files.walk(src)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                boolean hasTypes;
                try (Stream<Path> files = Files.list(d)) {
                    hasTypes = files.anyMatch(f -> f.toString().endsWith(".java")
                            && !f.getFileName().toString().equals("package-info.java"));
                }
                if (!hasTypes) {
                    continue;
                }
                packages++;
                Path info = d.resolve("package-info.java");
                if (!Files.exists(info)) {
                    missing.add(src.relativize(d) + ": no package-info.java");
                } else if (!DOC_THEN_PACKAGE.matcher(Files.readString(info)).find()) {
                    missing.add(src.relativize(info) + ": no doc comment before the package line");
                }
            }
        }
        assertTrue(packages > 1, module + ": found no packages under " + src);
        assertEquals(List.of(), missing, module + ": packages that do not say what they are for");
    }
}
