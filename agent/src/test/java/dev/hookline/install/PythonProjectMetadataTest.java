package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** pip building a local directory in place: the package is named by the project's own files, not a PKG-INFO. */
class PythonProjectMetadataTest {
    private static BufferedReader r(String s) {
        return new BufferedReader(new StringReader(s));
    }

    @Test
    void pyprojectsProjectTableNamesThePackageOtherTablesDoNot() {
        assertEquals(new Metadata.NameVersion("demo-pkg", "1.2.0"), Metadata.pyproject(r("""
                [build-system]
                requires = ["setuptools>=61"]
                name = "not-this"

                [project]
                name = "demo-pkg"  # the distribution
                version = '1.2.0'
                dependencies = ["a", "b"]

                [project.urls]
                version = "nor-this"
                """)));
        assertEquals(new Metadata.NameVersion("dyn", null), Metadata.pyproject(r("""
                [project]
                name = "dyn"
                dynamic = ["version"]
                """)));
        assertNull(Metadata.pyproject(r("[tool.poetry]\nname = \"p\"\n")), "poetry's own table is not PEP 621");
        assertNull(Metadata.pyproject(r("[project\nname = = \"broken\n")));
    }

    @Test
    void setupCfgsMetadataSectionAndSetupPyLiteralsAreReadButNotComputedVersions() {
        assertEquals(new Metadata.NameVersion("cfg-pkg", "0.3"), Metadata.setupCfg(r("""
                [options]
                name = wrong
                [metadata]
                name = cfg-pkg
                version = 0.3
                """)));
        assertEquals(new Metadata.NameVersion("cfg-pkg", null), Metadata.setupCfg(r("""
                [metadata]
                name = cfg-pkg
                version = attr: cfg_pkg.__version__
                """)));
        assertEquals(new Metadata.NameVersion("py-pkg", "4.5.6"), Metadata.setupPy(r("""
                import subprocess
                name = "a variable, not the keyword"
                from setuptools import setup
                setup(
                    name='py-pkg',
                    version="4.5.6",
                )
                """)));
        assertEquals(new Metadata.NameVersion("py-pkg", null), Metadata.setupPy(r(
                "from setuptools import setup\nsetup(name=\"py-pkg\", version=VERSION)\n")));
        assertNull(Metadata.setupPy(r("print('no setup call')\n")));
    }

    @Test
    void aPipBuildInAProjectDirectoryWithoutPkgInfoIsNamedFromPyprojectThenTheOtherFiles() {
        InstallResolverTest.FakeProbe p = new InstallResolverTest.FakeProbe();
        p.env.put(7L, java.util.Map.of("PIP_BUILD_TRACKER", "/tmp/pip-build-tracker-x"));
        p.cwd.put(7L, "/home/u/proj");
        p.files.put("/home/u/proj/pyproject.toml", "[project]\nname = \"proj\"\ndynamic = [\"version\"]\n");
        p.files.put("/home/u/proj/setup.py", "from setuptools import setup\nsetup(name='proj', version='2.0.1')\n");
        String hook = "/usr/bin/python3 /usr/lib/python3/dist-packages/pip/_vendor/pyproject_hooks/_in_process/"
                + "_in_process.py build_wheel /tmp/tmpab12";
        assertEquals(new InstallContext("pip", "proj", "2.0.1", "build_wheel", null),
                new InstallResolver(p).resolve(7, "/usr/bin/python3", hook, "pip", null));

        p.files.put("/home/u/proj/PKG-INFO", "Name: proj\nVersion: 9.9\n");
        assertEquals("9.9", new InstallResolver(p).resolve(7, "/usr/bin/python3", hook, "pip", null).version(),
                "an sdist's PKG-INFO stays first");
    }
}
