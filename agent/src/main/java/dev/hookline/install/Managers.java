package dev.hookline.install;

import java.util.Locale;
import java.util.Map;

/**
 * Which package manager a process is, from its file name and command line: {@code npm} runs as node
 * ({@code node /usr/bin/npm install}), pip as python ({@code python3 -m pip install}). Only a child of a manager
 * (or of a process whose package is not identified yet) pays for an environment read, so this check is on the exec
 * path of every process and is kept to a map lookup, plus a scan of the command line for node, python and ruby.
 */
public final class Managers {
    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("npm", "npm"), Map.entry("npx", "npm"), Map.entry("pnpm", "pnpm"), Map.entry("pnpx", "pnpm"),
            Map.entry("yarn", "yarn"), Map.entry("bun", "bun"), Map.entry("pip", "pip"), Map.entry("pip3", "pip"),
            Map.entry("pipx", "pipx"), Map.entry("uv", "uv"), Map.entry("poetry", "poetry"),
            Map.entry("cargo", "cargo"), Map.entry("gem", "gem"), Map.entry("bundle", "gem"),
            Map.entry("bundler", "gem"), Map.entry("go", "go"), Map.entry("dpkg", "dpkg"), Map.entry("rpm", "rpm"),
            Map.entry("dnf", "rpm"), Map.entry("dnf-3", "rpm"), Map.entry("yum", "rpm"), Map.entry("microdnf", "rpm"),
            Map.entry("tdnf", "rpm"), Map.entry("zypper", "rpm"),
            Map.entry("msiexec.exe", "msiexec"), Map.entry("msiexec", "msiexec"), Map.entry("installer", "pkg"),
            // macOS runs .pkg scripts from these daemons, not from installer(8) itself
            Map.entry("package_script_service", "pkg"), Map.entry("installd", "pkg"));
    /** Script names a runtime runs as a manager: node /usr/lib/node_modules/npm/bin/npm-cli.js, python -m pip. */
    private static final Map<String, String> BY_SCRIPT = Map.ofEntries(
            Map.entry("npm", "npm"), Map.entry("npm-cli.js", "npm"), Map.entry("npx", "npm"),
            Map.entry("npx-cli.js", "npm"), Map.entry("pnpm", "pnpm"), Map.entry("pnpm.cjs", "pnpm"),
            Map.entry("pnpm.js", "pnpm"), Map.entry("yarn", "yarn"), Map.entry("yarn.js", "yarn"),
            Map.entry("yarn.cjs", "yarn"), Map.entry("pip", "pip"), Map.entry("pip3", "pip"),
            Map.entry("poetry", "poetry"), Map.entry("pipx", "pipx"), Map.entry("gem", "gem"),
            Map.entry("bundle", "gem"), Map.entry("bundler", "gem"), Map.entry("dnf", "rpm"), Map.entry("dnf-3", "rpm"),
            Map.entry("yum", "rpm"));

    private Managers() {
    }

    /** The manager this process is, or null. */
    public static String of(String fileName, String commandLine) {
        if (fileName == null || fileName.isEmpty()) {
            return null;
        }
        String n = fileName.toLowerCase(Locale.ROOT);
        String m = BY_NAME.get(n);
        if (m != null) {
            return m;
        }
        if (n.endsWith(".exe") || n.endsWith(".cmd")) {
            n = n.substring(0, n.length() - 4); // Windows: node.exe, pip.exe, npm.cmd
            m = BY_NAME.get(n);
            if (m != null) {
                return m;
            }
        }
        String base = stripVersion(n);
        m = BY_NAME.get(base);
        if (m != null) {
            return m;
        }
        if (commandLine == null || !isRuntime(base)) {
            return null;
        }
        return byScript(commandLine);
    }

    private static boolean isRuntime(String base) {
        return base.equals("node") || base.equals("nodejs") || base.equals("python") || base.equals("ruby");
    }

    /** The first few arguments: the script a runtime runs, or {@code -m module}. */
    private static String byScript(String commandLine) {
        String[] args = commandLine.split(" ", 6);
        if (commandLine.indexOf('"') >= 0) {
            // Windows quotes paths with spaces: "C:\Program Files\nodejs\node.exe" "...\npm-cli.js" install
            args = ManagerCommandLine.split(commandLine).toArray(new String[0]);
        }
        for (int i = 1; i < args.length && i < 5; i++) {
            String a = args[i];
            if (a.equals("-m") && i + 1 < args.length) {
                return BY_SCRIPT.get(args[i + 1]);
            }
            if (a.startsWith("-")) {
                continue;
            }
            int slash = Math.max(a.lastIndexOf('/'), a.lastIndexOf('\\'));
            return BY_SCRIPT.get(stripVersion(a.substring(slash + 1).toLowerCase(Locale.ROOT)));
        }
        return null;
    }

    /** python3.11 → python, pip3.12 → pip, node18 → node. */
    private static String stripVersion(String n) {
        int end = n.length();
        while (end > 0 && (Character.isDigit(n.charAt(end - 1)) || n.charAt(end - 1) == '.')) {
            end--;
        }
        return end == 0 ? n : n.substring(0, end);
    }
}
