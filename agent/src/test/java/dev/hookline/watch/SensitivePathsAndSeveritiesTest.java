package dev.hookline.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SensitivePathsAndSeveritiesTest {
    @Test
    void classifiesCiShellBuildAndCredentialFiles() {
        assertEquals("CI pipeline", SensitivePaths.category("/src/app/.github/workflows/release.yml"));
        assertEquals("CI pipeline", SensitivePaths.category("/src/app/.gitlab-ci.yml"));
        assertEquals("shell profile", SensitivePaths.category("/root/.bashrc"));
        assertEquals("shell profile", SensitivePaths.category("/etc/profile.d/evil.sh"));
        assertEquals("build file", SensitivePaths.category("/src/app/Makefile"));
        assertEquals("build file", SensitivePaths.category("/src/app/build.gradle.kts"));
        assertEquals("package-manager config", SensitivePaths.category("/home/u/.npmrc"));
        assertEquals("git hook", SensitivePaths.category("/src/app/.git/hooks/pre-commit"));
        assertEquals("ssh", SensitivePaths.category("/home/u/.ssh/authorized_keys"));
        assertEquals("persistence", SensitivePaths.category("/etc/cron.d/job"));
        assertNull(SensitivePaths.category("/src/app/node_modules/x/index.js"));
        assertNull(SensitivePaths.category("/src/app/.github/CODEOWNERS"));
        assertNull(SensitivePaths.category(null));
    }

    @Test
    void installersIncludeVersionedInterpreters() {
        assertTrue(Installers.isInstaller("node"));
        assertTrue(Installers.isInstaller("python3.11"));
        assertTrue(Installers.isInstaller("dpkg"));
        assertFalse(Installers.isInstaller("bash"));
        assertFalse(Installers.isInstaller(""));
    }

    @Test
    void severitiesRankAndParseCaseInsensitively() {
        assertTrue(Severity.rank("critical") > Severity.rank("High"));
        assertEquals("medium", Severity.parse("MEDIUM"));
        assertEquals(-1, Severity.rank(null));
        assertThrows(IllegalArgumentException.class, () -> Severity.parse("severe"));
    }
}
