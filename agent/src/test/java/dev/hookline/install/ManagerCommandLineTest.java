package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManagerCommandLineTest {
    @Test
    void msiexecNamesThePackageByItsFileQuotedPathsWithSpacesIncluded() {
        assertEquals(new InstallContext("msiexec", "Acme Tool 2.1", null, "custom action", null),
                ManagerCommandLine.context("msiexec", "msiexec.exe /i \"C:\\Users\\d\\Acme Tool 2.1.msi\" /qn"));
        assertEquals("x", ManagerCommandLine.context("msiexec", "MSIEXEC /package C:\\x.MSI").packageName());
        assertNull(ManagerCommandLine.context("msiexec", "C:\\Windows\\system32\\msiexec.exe /V"),
                "the installer service names no package");
    }

    @Test
    void installerNpmAndPipNameTheOnePackageAskedFor() {
        assertEquals("Acme", ManagerCommandLine.context("pkg", "installer -pkg /tmp/Acme.pkg -target /").packageName());
        assertEquals(new InstallContext("npm", "@scope/x", "2.0.0", null, null),
                ManagerCommandLine.context("npm", "node npm-cli.js install --no-audit @scope/x@2.0.0"));
        assertEquals(new InstallContext("pnpm", "x", null, null, null), ManagerCommandLine.context("pnpm", "pnpm add x"));
        assertNull(ManagerCommandLine.context("npm", "npm install a b"), "two packages: which one is unknown");
        assertNull(ManagerCommandLine.context("npm", "npm install ./local"), "a directory names itself (paths)");
        assertNull(ManagerCommandLine.context("npm", "npm ci"));
        assertEquals(new InstallContext("pip", "requests", "2.31.0", null, null),
                ManagerCommandLine.context("pip", "python -m pip install --user requests==2.31.0"));
        assertEquals(new InstallContext("pip", "flask", null, null, null),
                ManagerCommandLine.context("pip", "pip install flask>=3"));
        assertNull(ManagerCommandLine.context("pip", "pip install -r requirements.txt x"));
        assertNull(ManagerCommandLine.context("cargo", "cargo build"));
    }

    @Test
    void windowsQuotingGroupsPathsWithSpaces() {
        assertEquals(List.of("C:\\Program Files\\nodejs\\node.exe", "a b", "c"),
                ManagerCommandLine.split("\"C:\\Program Files\\nodejs\\node.exe\" \"a b\"  c"));
        assertEquals(List.of(), ManagerCommandLine.split("   "));
    }

    @Test
    void windowsManagersAreKnownWithTheirExeAndQuotedScripts() {
        assertEquals("npm", Managers.of("node.exe", "\"C:\\Program Files\\nodejs\\node.exe\" "
                + "\"C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js\" install x"));
        assertEquals("pip", Managers.of("pip.exe", "pip install x"));
        assertEquals("msiexec", Managers.of("msiexec.exe", "msiexec /i x.msi"));
        assertEquals("pkg", Managers.of("package_script_service", "package_script_service"));
        assertNull(Managers.of("notepad.exe", "notepad"));
    }

    @Test
    void macPkgScriptsAndWindowsPathsAreReadFromTheScriptsCommandLine() {
        PathParser.Found f = PathParser.parse("/bin/sh /private/tmp/PKInstallSandbox.1/Scripts/com.x.pkg.2/preinstall "
                + "/Volumes/Disk/My App.pkg /Applications / /", null);
        assertEquals(new InstallContext("pkg", "My App", null, "preinstall", null), f.context());
        PathParser.Found w = PathParser.parse("node C:\\proj\\node_modules\\esbuild\\install.js", null);
        assertEquals("esbuild", w.context().packageName());
        assertEquals("C:/proj", w.context().projectDir());
    }
}
