package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstallResolverTest {
    /** Environments, working directories and files by pid/path; counts the environment reads. */
    static class FakeProbe implements InstallProbe {
        final Map<Long, Map<String, String>> env = new HashMap<>();
        final Map<Long, String> cwd = new HashMap<>();
        final Map<String, String> files = new HashMap<>();
        int environReads;

        @Override
        public Map<String, String> environ(long pid) {
            environReads++;
            return env.get(pid);
        }

        @Override
        public String cwd(long pid) {
            return cwd.get(pid);
        }

        @Override
        public java.util.List<String> list(String dir) {
            java.util.List<String> names = new java.util.ArrayList<>();
            for (String f : files.keySet()) {
                if (f.startsWith(dir + "/")) {
                    names.add(f.substring(dir.length() + 1));
                }
            }
            return names;
        }

        @Override
        public BufferedReader open(String path) {
            String s = files.get(path);
            return s == null ? null : new BufferedReader(new StringReader(s));
        }
    }

    private static final InstallResolver.Parent NPM = InstallResolver.Parent.of("node", "node /usr/bin/npm install",
            null);

    @Test
    void aProcessOutsideAnyManagerIsNotLookedAt() {
        FakeProbe probe = new FakeProbe();
        InstallResolver r = new InstallResolver(probe);
        assertNull(r.resolve(10, "true", "/bin/true", InstallResolver.Parent.of("node", "./node --rate 500", null)));
        assertNull(r.resolve(11, "sh", "sh -c x", InstallResolver.Parent.of("bash", "bash", null)));
        assertNull(r.resolve(12, "sh", "sh", null));
        assertEquals(0, probe.environReads);
        assertEquals(0, r.lookups());
    }

    @Test
    void aLifecycleScriptOfNpmGetsItsPackageAndItsChildrenInheritWithoutALook() {
        FakeProbe probe = new FakeProbe();
        probe.env.put(20L, Map.of("npm_lifecycle_event", "postinstall", "npm_package_name", "evil",
                "npm_package_version", "1.0.3", "INIT_CWD", "/w/app"));
        InstallResolver r = new InstallResolver(probe);
        InstallContext sh = r.resolve(20, "dash", "sh -c curl x", NPM);
        assertEquals(new InstallContext("npm", "evil", "1.0.3", "postinstall", "/w/app"), sh);
        InstallContext curl = r.resolve(21, "curl", "curl x", InstallResolver.Parent.of("dash", "sh -c curl x", sh));
        assertSame(sh, curl);
        assertEquals(1, probe.environReads);
        assertEquals(1, r.identified());
    }

    @Test
    void aNestedInstallAttributesTheInnerScriptToTheInnerPackage() {
        FakeProbe probe = new FakeProbe();
        InstallContext outer = new InstallContext("npm", "outer", "1.0.0", "postinstall", "/w/app");
        probe.env.put(30L, Map.of("npm_lifecycle_event", "postinstall", "npm_package_name", "inner",
                "npm_package_version", "2.0.0"));
        InstallResolver r = new InstallResolver(probe);
        InstallContext c = r.resolve(30, "dash", "sh -c node i.js",
                InstallResolver.Parent.of("node", "node /usr/bin/npm install inner", outer));
        assertEquals("inner", c.packageName());
        assertEquals("2.0.0", c.version());
    }

    @Test
    void aManagersHelperWithNothingInItsEnvironmentIsNotUnderAnInstallStep() {
        FakeProbe probe = new FakeProbe();
        probe.env.put(40L, Map.of("PATH", "/usr/bin"));
        assertNull(new InstallResolver(probe).resolve(40, "git", "git ls-remote x", NPM));
    }

    @Test
    void aGoneScriptFallsBackOnItsPathAndVersionFromPackageJson() {
        FakeProbe probe = new FakeProbe();
        probe.files.put("/w/app/node_modules/evil/package.json", "{\"name\":\"evil\",\"version\":\"1.0.1\"}");
        InstallContext c = new InstallResolver(probe).resolve(50, "node", "node /w/app/node_modules/evil/i.js", NPM);
        assertEquals(new InstallContext("npm", "evil", "1.0.1", null, "/w/app"), c);
    }

    @Test
    void aGoneChildOfAManagerWithNoPathKeepsTheManagerSoItsChildrenAreLookedAt() {
        FakeProbe probe = new FakeProbe();
        InstallResolver r = new InstallResolver(probe);
        InstallContext sh = r.resolve(60, "dash", "sh -c node x.js", NPM);
        assertEquals(new InstallContext("npm", null, null, null, null), sh);
        probe.env.put(61L, Map.of("npm_lifecycle_event", "install", "npm_package_name", "late"));
        InstallContext node = r.resolve(61, "node", "node x.js", InstallResolver.Parent.of("dash", "sh -c", sh));
        assertEquals("late", node.packageName());
    }

    /** A postinstall that is one shell builtin: gone before /proc is read, only its exec record's CWD is left. */
    @Test
    void aGoneScriptIsNamedByTheWorkingDirectoryItsExecRecordCarried() {
        FakeProbe probe = new FakeProbe();
        probe.files.put("/w/app/node_modules/@acme/evil/package.json", "{\"name\":\"@acme/evil\",\"version\":\"2.0.0\"}");
        InstallResolver r = new InstallResolver(probe);
        InstallContext sh = r.resolve(70, "dash", "sh -c printf x > /etc/hosts", "npm", null, null,
                "/w/app/node_modules/@acme/evil");
        assertEquals(new InstallContext("npm", "@acme/evil", "2.0.0", null, "/w/app"), sh);
        // its package.json deleted already: the package still, no version
        InstallContext gone = new InstallResolver(new FakeProbe()).resolve(71, "dash", "sh -c true", "npm", null,
                null, "/w/app/node_modules/a/node_modules/b");
        assertEquals(new InstallContext("npm", "b", null, null, "/w/app"), gone);
    }

    @Test
    void theLiveWorkingDirectoryWinsOverTheExecRecordsAndTheEnvironmentOverBoth() {
        FakeProbe probe = new FakeProbe();
        probe.cwd.put(72L, "/w/app/node_modules/live");
        InstallResolver r = new InstallResolver(probe);
        assertEquals("live", r.resolve(72, "dash", "sh -c x", "npm", null, null, "/w/app/node_modules/old")
                .packageName());
        probe.env.put(73L, Map.of("npm_lifecycle_event", "install", "npm_package_name", "from-env"));
        assertEquals("from-env", r.resolve(73, "dash", "sh -c x", "npm", null, null, "/w/app/node_modules/other")
                .packageName());
    }

    @Test
    void aGoneScriptOfTheRootPackageIsNamedByTheProjectsPackageJson() {
        FakeProbe probe = new FakeProbe();
        probe.files.put("/w/app/package.json", "{\"name\":\"app\",\"version\":\"0.3.0\"}");
        InstallContext c = new InstallResolver(probe).resolve(74, "dash", "sh -c husky install", "npm", null, null,
                "/w/app");
        assertEquals(new InstallContext("npm", "app", "0.3.0", null, "/w/app"), c);
        // a directory with no package.json (npm's cache, a temp dir): the manager only, children looked at again
        InstallContext helper = new InstallResolver(probe).resolve(75, "git", "git clone x", "npm", null, null,
                "/root/.npm/_cacache/tmp");
        assertEquals(new InstallContext("npm", null, null, null, null), helper);
    }

    @Test
    void aGoneScriptUnderPnpmOrYarnKeepsItsManagerAndPnpmsLayoutGivesTheVersion() {
        InstallResolver r = new InstallResolver(new FakeProbe());
        assertEquals(new InstallContext("pnpm", "@esbuild/linux-x64", "0.19.2", null, "/w/app"),
                r.resolve(76, "dash", "sh -c node install.js", "pnpm", null, null,
                        "/w/app/node_modules/.pnpm/@esbuild+linux-x64@0.19.2/node_modules/@esbuild/linux-x64"));
        assertEquals(new InstallContext("yarn", "esbuild", null, null, "/w/app"),
                r.resolve(77, "dash", "sh -c node install.js", "yarn", null, null,
                        "/w/app/.yarn/unplugged/esbuild-npm-0.19.2-0a1b2c/node_modules/esbuild"));
        // below a script whose package is not known yet (the manager only): the same derivation
        assertEquals("esbuild", r.resolve(78, "node", "node install.js", null, null,
                new InstallContext("yarn", null, null, null, null), "/w/app/node_modules/esbuild").packageName());
    }

    @Test
    void pipBuildGetsNameAndVersionFromPkgInfoInItsWorkingDirectory() {
        FakeProbe probe = new FakeProbe();
        probe.env.put(70L, Map.of("PIP_BUILD_TRACKER", "/tmp/pip-build-tracker-1"));
        probe.cwd.put(70L, "/tmp/pip-req-build-abc");
        probe.files.put("/tmp/pip-req-build-abc/PKG-INFO", "Metadata-Version: 2.1\nName: evil-py\nVersion: 0.3\n\n");
        InstallContext c = new InstallResolver(probe).resolve(70, "python3.11", "/usr/bin/python3.11 /usr/lib/"
                + "pip/_vendor/pyproject_hooks/_in_process/_in_process.py build_wheel /tmp/x",
                InstallResolver.Parent.of("python3.11", "python3.11 -m pip install /w/evil-py-0.3.tar.gz", null));
        assertEquals(new InstallContext("pip", "evil-py", "0.3", "build_wheel", null), c);
    }

    @Test
    void pipBuildingALocalDirectoryInPlaceReadsItsPkgInfo() {
        FakeProbe probe = new FakeProbe();
        probe.env.put(71L, Map.of("PIP_BUILD_TRACKER", "/tmp/pip-build-tracker-1"));
        probe.cwd.put(71L, "/w/src/evil");
        probe.files.put("/w/src/evil/PKG-INFO", "Name: evil\nVersion: 1\n");
        InstallContext c = new InstallResolver(probe).resolve(71, "python3", "python3 setup.py egg_info",
                InstallResolver.Parent.of("python3", "python3 -m pip install /w/src/evil", null));
        assertEquals(new InstallContext("pip", "evil", "1", "setup.py egg_info", null), c);
    }

    @Test
    void dpkgScriptVersionComesFromTheStatusDatabaseElseTheNewControlFile() {
        FakeProbe probe = new FakeProbe();
        probe.env.put(80L, Map.of("DPKG_MAINTSCRIPT_PACKAGE", "hl", "DPKG_MAINTSCRIPT_NAME", "postinst"));
        probe.files.put(InstallResolver.DPKG_STATUS, "Package: hl\nVersion: 1.0.3\n\n");
        InstallResolver.Parent dpkg = InstallResolver.Parent.of("dpkg", "dpkg -i hl.deb", null);
        assertEquals(new InstallContext("dpkg", "hl", "1.0.3", "postinst", null),
                new InstallResolver(probe).resolve(80, "dash", "/bin/sh /var/lib/dpkg/info/hl.postinst configure",
                        dpkg));
        probe.files.put(InstallResolver.DPKG_STATUS, "Package: other\nVersion: 9\n\n");
        probe.files.put(InstallResolver.DPKG_NEW_CONTROL, "Package: hl\nVersion: 1.0.4\n");
        assertEquals("1.0.4", new InstallResolver(probe).resolve(80, "dash", "sh", dpkg).version());
        // A first install's postinst: the version is only in dpkg's updates journal, the newest entry wins.
        probe.files.put(InstallResolver.DPKG_UPDATES + "/0001", "Package: hl\nVersion: 1.0.5\n");
        probe.files.put(InstallResolver.DPKG_UPDATES + "/0002", "Package: hl\nVersion: 1.0.6\n");
        probe.files.put(InstallResolver.DPKG_UPDATES + "/tmp.i", "Package: hl\nVersion: 0-partial\n");
        assertEquals("1.0.6", new InstallResolver(probe).resolve(80, "dash", "sh", dpkg).version());
    }
}
