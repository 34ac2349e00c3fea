package dev.hookline.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No package of a module's main sources reaches itself through its imports: a cycle ties packages together so
 * that none can be understood, tested or moved alone. The failure names the cycle's packages and, for each, the
 * file and line of one use that closes it.
 */
class NoModuleHasAPackageCycleTest {
    @ParameterizedTest
    @ValueSource(strings = {"agent", "collectors-linux", "collectors-windows", "collectors-macos"})
    void theModulesPackageGraphHasNoCycle(String module) {
        Path src = Modules.mainSources(module);
        Assumptions.assumeTrue(src != null, () -> {
            System.out.println("skipped: " + module + "/src/main/java is not in this checkout");
            return module + " absent";
        });
        ImportGraph g = ImportGraph.scan(src);
        assertTrue(g.packages().size() > 1, module + ": found no packages under " + src);
        assertEquals("", g.describeCycles(), module + " has package cycles:\n" + g.describeCycles());
    }
}
