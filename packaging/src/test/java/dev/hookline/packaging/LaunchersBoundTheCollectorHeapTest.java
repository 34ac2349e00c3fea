package dev.hookline.packaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both launchers (the packaged bin/hookline and the source tree's ./hookline) start the collector with a bounded
 * heap that HOOKLINE_JAVA_OPTS can override: a fake java prints the arguments it was given.
 */
class LaunchersBoundTheCollectorHeapTest {
    @TempDir
    Path tmp;

    private Path fakeJava(Path bin) throws Exception {
        Files.createDirectories(bin);
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"ARGS: $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private static String heapArgs(String out) {
        return out.lines().filter(l -> l.startsWith("ARGS: ")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    @Test
    void thePackagedLauncherGivesTheCollectorAHeapLimit() throws Exception {
        Path home = tmp.resolve("opt");
        Files.createDirectories(home.resolve("bin"));
        Path launcher = home.resolve("bin/hookline");
        Files.copy(Sh.packagingDir().resolve("bin/hookline"), launcher);
        fakeJava(home.resolve("runtime/bin"));
        String collector = heapArgs(Sh.run(List.of("sh", launcher.toString(), "collector")).ok().text());
        assertTrue(collector.contains("-Xmx1g") && collector.contains("-XX:+ExitOnOutOfMemoryError"), collector);
        String query = heapArgs(Sh.run(List.of("sh", launcher.toString(), "query")).ok().text());
        assertFalse(query.contains("-Xmx1g"), query);
        String overridden = heapArgs(Sh.run(List.of("sh", launcher.toString(), "collector"), null,
                Map.of("HOOKLINE_JAVA_OPTS", "-Xmx2g"), 30).ok().text());
        assertTrue(overridden.indexOf("-Xmx2g") > overridden.indexOf("-Xmx1g"), "the override comes last: "
                + overridden);
    }

    @Test
    void theSourceTreeLauncherGivesTheCollectorTheSameHeapLimit() throws Exception {
        String src = Files.readString(Sh.packagingDir().resolveSibling("hookline"));
        String packaged = Files.readString(Sh.packagingDir().resolve("bin/hookline"));
        String line = "    collector) agent_jvm=\"-Xms64m -Xmx1g -XX:+ExitOnOutOfMemoryError\" ;;";
        assertTrue(src.contains(line), "./hookline");
        assertTrue(packaged.contains(line), "packaging/bin/hookline");
    }
}
