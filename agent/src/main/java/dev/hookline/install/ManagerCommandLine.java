package dev.hookline.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a package manager's own command line says it installs, for collectors that cannot read a script's
 * environment (Windows ETW and macOS eslogger give image and command line, not the environment):
 * <ul>
 * <li>{@code msiexec /i X.msi} (or /package, /x, /f): package X (the ProductName is inside the .msi's database,
 * which is not read: the file name stands for it), phase {@code custom action};</li>
 * <li>{@code installer -pkg X.pkg}: package X;</li>
 * <li>{@code npm install <pkg>[@version]} (npm-cli.js, pnpm add, yarn add) and {@code pip install <name>[==version]}
 * when exactly one package is named: that package. An approximation: a dependency's script under the same command
 * is attributed to the package asked for; a script's own node_modules path or environment, when seen, wins.</li>
 * </ul>
 * Only called for children of a manager whose paths and environment said nothing.
 */
public final class ManagerCommandLine {
    private static final int MAX_ARGS = 64;

    private ManagerCommandLine() {
    }

    /** The context {@code commandLine} (the manager's own) names, or null. */
    public static InstallContext context(String manager, String commandLine) {
        if (manager == null || commandLine == null) {
            return null;
        }
        List<String> args = split(commandLine);
        return switch (manager) {
            case "msiexec" -> msiexec(args);
            case "pkg" -> installer(args);
            case "npm", "pnpm", "yarn", "bun" -> node(manager, args);
            case "pip" -> pip(args);
            default -> null;
        };
    }

    private static InstallContext msiexec(List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            String a = args.get(i).toLowerCase(Locale.ROOT);
            if (a.equals("/i") || a.equals("-i") || a.equals("/package") || a.equals("-package") || a.equals("/x")
                    || a.equals("-x") || a.equals("/f") || a.equals("/uninstall")) {
                String pkg = fileStem(args.get(i + 1), ".msi");
                return pkg == null ? null : new InstallContext("msiexec", pkg, null, "custom action", null);
            }
        }
        return null;
    }

    private static InstallContext installer(List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-pkg") || args.get(i).equals("-package")) {
                String pkg = fileStem(args.get(i + 1), ".pkg");
                return pkg == null ? null : new InstallContext("pkg", pkg, null, null, null);
            }
        }
        return null;
    }

    /** npm install x, npm i x@1.2.3, pnpm add @scope/x@1, yarn add x: one package named, options skipped. */
    private static InstallContext node(String manager, List<String> args) {
        int verb = indexOfAny(args, List.of("install", "i", "add", "ci", "isntall", "in"));
        if (verb < 0) {
            return null;
        }
        String only = onlyOperand(args, verb + 1);
        if (only == null || only.startsWith(".") || only.contains("/") && !only.startsWith("@")
                || only.contains("\\")) {
            return null; // a local directory or tarball: its own package.json names it (paths)
        }
        int at = only.indexOf('@', 1);
        return at < 0 ? new InstallContext(manager, only, null, null, null)
                : new InstallContext(manager, only.substring(0, at), emptyToNull(only.substring(at + 1)), null, null);
    }

    /** pip install x, pip install x==1.2: one requirement named. */
    private static InstallContext pip(List<String> args) {
        int verb = indexOfAny(args, List.of("install"));
        String only = verb < 0 ? null : onlyOperand(args, verb + 1);
        if (only == null || only.contains("/") || only.contains("\\") || only.startsWith(".")) {
            return null;
        }
        int eq = only.indexOf("==");
        String name = eq < 0 ? only.split("[<>=!~;\\[]", 2)[0] : only.substring(0, eq);
        return name.isEmpty() ? null : new InstallContext("pip", name, eq < 0 ? null : emptyToNull(
                only.substring(eq + 2)), null, null);
    }

    private static int indexOfAny(List<String> args, List<String> verbs) {
        for (int i = 0; i < args.size(); i++) {
            if (verbs.contains(args.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The single non-option argument from {@code from} on, or null when none or several. */
    private static String onlyOperand(List<String> args, int from) {
        String only = null;
        for (int i = from; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-")) {
                continue;
            }
            if (only != null) {
                return null;
            }
            only = a;
        }
        return only;
    }

    /** "C:\pkgs\Tool Setup.msi" → "Tool Setup"; null when it is not a file of that kind. */
    static String fileStem(String path, String extension) {
        String p = path.replace('\\', '/');
        String name = p.substring(p.lastIndexOf('/') + 1);
        if (!name.toLowerCase(Locale.ROOT).endsWith(extension) || name.length() == extension.length()) {
            return null;
        }
        return name.substring(0, name.length() - extension.length());
    }

    /**
     * Arguments as Windows and shells quote them: spaces separate, double quotes group ("C:\Program Files\x.msi"),
     * a backslash is kept (it is a path separator on Windows). Bounded to the first {@value #MAX_ARGS} arguments.
     */
    static List<String> split(String commandLine) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < commandLine.length() && out.size() < MAX_ARGS; i++) {
            char c = commandLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any && out.size() < MAX_ARGS) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
