package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentParserTest {
    @Test
    void procEnvironIsSplitAtNulAndKeepsEqualsSignsInValues() {
        byte[] b = "A=1\0B=x=y\0junk\0\0=nokey\0C=\0".getBytes(StandardCharsets.UTF_8);
        Map<String, String> env = EnvironmentParser.parseNul(b, b.length);
        assertEquals(Map.of("A", "1", "B", "x=y", "C", ""), env);
    }

    @Test
    void npmLifecycleScriptNamesPackageVersionPhaseAndProject() {
        InstallContext c = EnvironmentParser.parse(Map.of("npm_lifecycle_event", "postinstall",
                "npm_package_name", "evil-pkg", "npm_package_version", "1.0.3",
                "npm_config_user_agent", "npm/10.2.4 node/v20.11.0 linux x64 workspaces/false",
                "INIT_CWD", "/home/u/app"), "sh");
        assertEquals(new InstallContext("npm", "evil-pkg", "1.0.3", "postinstall", "/home/u/app"), c);
    }

    @Test
    void pnpmAndYarnAreToldApartByTheUserAgent() {
        assertEquals("pnpm", EnvironmentParser.parse(Map.of("npm_lifecycle_event", "install",
                "npm_config_user_agent", "pnpm/8.15.1 npm/? node/v20.11.0 linux x64"), "sh").manager());
        assertEquals("yarn", EnvironmentParser.parse(Map.of("npm_lifecycle_event", "install",
                "npm_config_user_agent", "yarn/1.22.19 npm/? node/v18.0.0 linux x64"), "sh").manager());
        InstallContext c = EnvironmentParser.parse(Map.of("npm_lifecycle_event", "prepare",
                "npm_package_json", "/w/app/package.json"), "sh");
        assertEquals("npm", c.manager());
        assertEquals("/w/app", c.projectDir());
        assertNull(c.packageName());
    }

    @Test
    void cargoBuildScriptIsPhaseBuildRsAndRustcIsCompile() {
        Map<String, String> env = Map.of("CARGO_PKG_NAME", "evil-crate", "CARGO_PKG_VERSION", "0.1.0",
                "CARGO_MANIFEST_DIR", "/w/evil-crate");
        assertEquals(new InstallContext("cargo", "evil-crate", "0.1.0", "build.rs", null),
                EnvironmentParser.parse(env, "build-script-build"));
        assertEquals("compile", EnvironmentParser.parse(env, "rustc").phase());
    }

    @Test
    void dpkgMaintainerScriptNamesPackageAndScript() {
        assertEquals(new InstallContext("dpkg", "hookline-test", null, "postinst", null),
                EnvironmentParser.parse(Map.of("DPKG_MAINTSCRIPT_PACKAGE", "hookline-test",
                        "DPKG_MAINTSCRIPT_NAME", "postinst", "DPKG_MAINTSCRIPT_ARCH", "all"), "dash"));
    }

    @Test
    void pipBuildTrackerMarksPipWithoutAPackageAndPlainEnvironmentsSayNothing() {
        InstallContext pip = EnvironmentParser.parse(Map.of("PIP_BUILD_TRACKER", "/tmp/pip-build-tracker-x"),
                "python3");
        assertEquals("pip", pip.manager());
        assertFalse(pip.identified());
        assertEquals(new InstallContext("go", "main", null, "generate", null),
                EnvironmentParser.parse(Map.of("GOPACKAGE", "main", "GOFILE", "gen.go"), "stringer"));
        assertNull(EnvironmentParser.parse(Map.of("PATH", "/usr/bin", "HOME", "/root"), "sh"));
        assertNull(EnvironmentParser.parse(Map.of(), "sh"));
        assertNull(EnvironmentParser.parse(null, "sh"));
    }
}
