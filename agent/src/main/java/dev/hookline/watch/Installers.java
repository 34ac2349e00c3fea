package dev.hookline.watch;

import java.util.Locale;
import java.util.Set;

/**
 * Process names of package managers, installers and the runtimes they run as (npm is node, pip is python): a
 * process they start is listed in the watch summary whether or not a rule fired.
 */
final class Installers {
    private static final Set<String> NAMES = Set.of("npm", "npx", "node", "nodejs", "yarn", "pnpm", "bun", "pip",
            "pip3", "pipx", "python", "python3", "uv", "poetry", "gem", "bundle", "bundler", "cargo", "go", "nuget",
            "dotnet", "composer", "dpkg", "apt", "apt-get", "aptitude", "rpm", "yum", "dnf", "zypper", "apk",
            "pacman", "brew", "installer", "pkgutil", "msiexec.exe", "choco.exe", "mvn", "gradle");

    private Installers() {
    }

    static boolean isInstaller(String fileName) {
        if (fileName == null || fileName.isEmpty()) {
            return false;
        }
        String n = fileName.toLowerCase(Locale.ROOT);
        if (NAMES.contains(n)) {
            return true;
        }
        // Versioned interpreters: python3.11, node18, pip3.12.
        String base = n.replaceFirst("[0-9.]+$", "");
        return !base.equals(n) && NAMES.contains(base);
    }
}
