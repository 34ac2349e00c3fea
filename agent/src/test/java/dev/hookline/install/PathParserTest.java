package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PathParserTest {
    @Test
    void dpkgMaintainerScriptPathNamesPackageAndPhaseWithoutArchQualifier() {
        PathParser.Found f = PathParser.parse("/bin/sh /var/lib/dpkg/info/libfoo1:amd64.postinst configure 1.0", null);
        assertEquals(new InstallContext("dpkg", "libfoo1", null, "postinst", null), f.context());
        f = PathParser.parse("/bin/sh /var/lib/dpkg/tmp.ci/preinst install", null);
        assertEquals("preinst", f.context().phase());
        assertEquals("/var/lib/dpkg/tmp.ci/control", f.metadataFile());
    }

    @Test
    void nodeModulesInTheWorkingDirectoryNamesTheInnermostPackageAndTheProject() {
        PathParser.Found f = PathParser.parse("sh -c node install.js", "/w/app/node_modules/@acme/evil/node_modules/inner");
        assertEquals(new InstallContext("npm", "inner", null, null, "/w/app"), f.context());
        assertEquals("/w/app/node_modules/@acme/evil/node_modules/inner/package.json", f.metadataFile());
        f = PathParser.parse("node /w/app/node_modules/@acme/evil/install.js", "/");
        assertEquals("@acme/evil", f.context().packageName());
        assertNull(PathParser.parse("node /w/app/node_modules/.bin/tsc", null));
    }

    @Test
    void pnpmsStoreLayoutNamesThePackageAndItsVersionAndTheProjectAboveTheStore() {
        PathParser.Found f = PathParser.parse("sh -c node install.js",
                "/w/app/node_modules/.pnpm/esbuild@0.19.2/node_modules/esbuild");
        assertEquals(new InstallContext("npm", "esbuild", "0.19.2", null, "/w/app"), f.context());
        f = PathParser.parse("sh -c x", "/w/app/node_modules/.pnpm/@acme+evil@1.0.0_react@18.2.0/node_modules/@acme/evil");
        assertEquals(new InstallContext("npm", "@acme/evil", "1.0.0", null, "/w/app"), f.context());
        // a dependency's own dependency linked beside it is not the store entry's package: no version from the name
        f = PathParser.parse("sh -c x", "/w/app/node_modules/.pnpm/a@1.0.0/node_modules/b");
        assertEquals(new InstallContext("npm", "b", null, null, "/w/app"), f.context());
    }

    @Test
    void yarnsUnpluggedDirectoryBelongsToTheProjectHoldingDotYarn() {
        PathParser.Found f = PathParser.parse("sh -c x", "/w/app/.yarn/unplugged/core-js-npm-3.33.0-abc/node_modules/core-js");
        assertEquals(new InstallContext("npm", "core-js", null, null, "/w/app"), f.context());
        assertEquals("/w/app/.yarn/unplugged/core-js-npm-3.33.0-abc/node_modules/core-js/package.json", f.metadataFile());
    }

    @Test
    void aNodeManagersScriptOutsideNodeModulesIsTheProjectsOwn() {
        PathParser.Found f = PathParser.nodeProjectRoot("npm", "/w/app/");
        assertEquals(new InstallContext("npm", null, null, null, "/w/app"), f.context());
        assertEquals("/w/app/package.json", f.metadataFile());
        assertNull(PathParser.nodeProjectRoot("npm", "/w/app/node_modules/x"), "a package's directory names itself");
        assertNull(PathParser.nodeProjectRoot("pip", "/w/app"), "not a node manager");
        assertNull(PathParser.nodeProjectRoot(null, "/w/app"));
    }

    @Test
    void pipBuildDirectoriesAndSetupPyCommands() {
        PathParser.Found f = PathParser.parse("/usr/bin/python3 -u -c \"exec(compile(...))\" setup.py egg_info "
                + "--egg-base /tmp/pip-pip-egg-info-x", "/tmp/pip-install-k2j3/evil_pkg_0123456789abcdef0123456789abcdef");
        assertEquals(new InstallContext("pip", "evil_pkg", null, "setup.py egg_info", null), f.context());
        assertEquals("/tmp/pip-install-k2j3/evil_pkg_0123456789abcdef0123456789abcdef/PKG-INFO", f.metadataFile());
        f = PathParser.parse("/usr/bin/python3 /usr/lib/python3/dist-packages/pip/_vendor/pyproject_hooks/_in_process/"
                + "_in_process.py build_wheel /tmp/tmpab", "/tmp/pip-req-build-q1w2e3");
        assertEquals(new InstallContext("pip", null, null, "build_wheel", null), f.context());
        assertEquals("/tmp/pip-req-build-q1w2e3/PKG-INFO", f.metadataFile());
    }

    @Test
    void cargoBuildScriptGemExtensionAndRpmScriptlet() {
        assertEquals(new InstallContext("cargo", "evil-crate", null, "build.rs", null), PathParser.parse(
                "/w/target/debug/build/evil-crate-0123456789abcdef/build-script-build", null).context());
        assertEquals(new InstallContext("gem", "nokogiri", "1.16.0", "extension build", null), PathParser.parse(
                "ruby extconf.rb", "/var/lib/gems/3.1.0/gems/nokogiri-1.16.0/ext/nokogiri").context());
        assertEquals(new InstallContext("rpm", null, null, "scriptlet", null),
                PathParser.parse("/bin/sh /var/tmp/rpm-tmp.Xa81k 1", null).context());
    }

    @Test
    void ordinaryPathsSayNothing() {
        assertNull(PathParser.parse("/usr/bin/curl http://x", "/home/u"));
        assertNull(PathParser.parse(null, null));
        assertNull(PathParser.parse("", ""));
    }
}
