package dev.hookline.install;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The install context a script's own path or working directory gives away, for managers that set no environment
 * (pip, gem, rpm) and for processes whose environment could not be read (gone already):
 * <ul>
 * <li>{@code /var/lib/dpkg/info/<pkg>.postinst} (and preinst, prerm, postrm, config, triggers);
 * {@code /var/lib/dpkg/tmp.ci/preinst} (a package being unpacked: its control file is beside it);</li>
 * <li>{@code .../node_modules/<pkg>/} or {@code node_modules/@scope/<pkg>/} (its package.json has the version);</li>
 * <li>pip's build directories {@code /tmp/pip-install-*&#47;<name>_<hex>/} and {@code /tmp/pip-req-build-*&#47;}
 * (PKG-INFO has name and version), the phase from {@code setup.py <command>} or the PEP 517 hook
 * ({@code _in_process.py build_wheel});</li>
 * <li>cargo's {@code target/.../build/<crate>-<hash>/build-script-build};</li>
 * <li>{@code gems/<name>-<version>/} (extension builds);</li>
 * <li>rpm's scriptlets {@code /var/tmp/rpm-tmp.*} (the package from the .rpm: {@link RpmScriptlets});</li>
 * <li>macOS .pkg scripts: {@code .../Scripts/.../postinstall /path/X.pkg /target ...} (installer passes the package
 * path as the script's first argument; the script's name is the phase).</li>
 * </ul>
 * Windows paths are read with their backslashes as slashes ({@code C:\p\node_modules\x\install.js}).
 */
public final class PathParser {
    /** What a path said, and a metadata file that may name the version (package.json, PKG-INFO, control). */
    public record Found(InstallContext context, String metadataFile) {
    }

    private static final Pattern DPKG_INFO = Pattern.compile(
            "/var/lib/dpkg/info/([^/\\s:]+)(?::[^/\\s.]+)?\\.(preinst|postinst|prerm|postrm|config|triggers)(?:\\s|$)");
    private static final Pattern DPKG_TMP = Pattern.compile(
            "(/var/lib/dpkg/tmp\\.ci)/(preinst|postinst|prerm|postrm|config)(?:\\s|$)");
    private static final Pattern NODE_MODULES = Pattern.compile("^(.*/node_modules/)((?:@[^/\\s]+/)?[^/\\s@.][^/\\s]*)");
    private static final Pattern PIP_INSTALL = Pattern.compile("([^\\s'\"=]*/pip-install-[^/\\s]+/([^/\\s]+)_[0-9a-f]{16,})(?:/|\\s|$)");
    private static final Pattern PIP_REQ = Pattern.compile("([^\\s'\"=]*/pip-req-build-[^/\\s]+)(?:/|\\s|$)");
    private static final Pattern SETUP_PY = Pattern.compile(
            "setup\\.py\\S*\\s+(?:.*?\\s)?(egg_info|bdist_wheel|install|develop|build_ext|build|dist_info|sdist)(?:\\s|$)");
    private static final Pattern PEP517 = Pattern.compile("_in_process\\.py\\s+([a-z_]+)");
    private static final Pattern CARGO = Pattern.compile("/build/([A-Za-z0-9_-]+)-[0-9a-f]{16}/build-script-[^/\\s]+");
    private static final Pattern GEM = Pattern.compile("/gems/([A-Za-z0-9_.-]+?)-(\\d[A-Za-z0-9_.]*)(?:/|\\s|$)");
    private static final Pattern RPM = Pattern.compile("/var/tmp/rpm-tmp\\.\\w+");
    private static final Pattern PKG_SCRIPT = Pattern.compile(
            "/(preinstall|postinstall|preflight|postflight|preupgrade|postupgrade)\"?\\s+\"?(/[^\"]*?/)?([^/\"]+)\\.pkg/?(?:\"|\\s|$)");

    /** The managers that run lifecycle scripts from a package's directory. */
    static final java.util.Set<String> NODE_MANAGERS = java.util.Set.of("npm", "pnpm", "yarn", "bun");
    /** pnpm's store directory name: {@code <name>@<version>}, a scope's slash as '+', peers after '_' or '('. */
    private static final Pattern PNPM_DIR = Pattern.compile("/node_modules/\\.pnpm/(@?[^/@]+)@([^/_(]+)[^/]*/node_modules/$");

    private PathParser() {
    }

    /**
     * A node manager's script that ran outside node_modules: the project's own (root package) lifecycle script,
     * named by the package.json in {@code cwd}. Null when {@code manager} is not a node manager or cwd is under
     * node_modules (that path names its package itself).
     */
    public static Found nodeProjectRoot(String manager, String cwd) {
        if (manager == null || cwd == null || cwd.isEmpty() || !NODE_MANAGERS.contains(manager)) {
            return null;
        }
        String dir = cwd.replace('\\', '/');
        if ((dir + "/").contains("/node_modules/")) {
            return null;
        }
        while (dir.length() > 1 && dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        return new Found(new InstallContext(manager, null, null, null, dir), dir + "/package.json");
    }

    /** The context the paths show, or null; the command line is searched first, then the working directory. */
    public static Found parse(String commandLine, String cwd) {
        String cl = commandLine == null ? "" : commandLine.indexOf('\\') >= 0 ? commandLine.replace('\\', '/')
                : commandLine;
        Found f = parseOne(cl, cl);
        if (f == null && cwd != null) {
            f = parseOne(cwd.replace('\\', '/') + "/", cl);
        }
        return f;
    }

    private static Found parseOne(String s, String commandLine) {
        Matcher m = DPKG_INFO.matcher(s);
        if (m.find()) {
            return new Found(new InstallContext("dpkg", m.group(1), null, m.group(2), null), null);
        }
        m = DPKG_TMP.matcher(s);
        if (m.find()) {
            return new Found(new InstallContext("dpkg", null, null, m.group(2), null), m.group(1) + "/control");
        }
        m = PIP_INSTALL.matcher(s);
        if (m.find()) {
            return new Found(new InstallContext("pip", m.group(2), null, pythonPhase(commandLine), null),
                    m.group(1) + "/PKG-INFO");
        }
        m = PIP_REQ.matcher(s);
        if (m.find()) {
            return new Found(new InstallContext("pip", null, null, pythonPhase(commandLine), null),
                    m.group(1) + "/PKG-INFO");
        }
        m = CARGO.matcher(s);
        if (m.find()) {
            return new Found(new InstallContext("cargo", m.group(1), null, "build.rs", null), null);
        }
        m = GEM.matcher(s);
        if (m.find()) {
            return new Found(new InstallContext("gem", m.group(1), m.group(2), "extension build", null), null);
        }
        m = RPM.matcher(s);
        if (m.find()) {
            return new Found(new InstallContext("rpm", null, null, "scriptlet", null), null);
        }
        m = PKG_SCRIPT.matcher(s);
        if (m.find()) {
            return new Found(new InstallContext("pkg", m.group(3), null, m.group(1), null), null);
        }
        return nodeModules(s);
    }

    /** The innermost package under node_modules (a dependency's own dependencies nest). */
    private static Found nodeModules(String s) {
        int at = s.lastIndexOf("/node_modules/");
        if (at < 0) {
            return null;
        }
        // Start the match at the path that holds the last node_modules, so nested ones resolve to the innermost.
        int start = s.lastIndexOf(' ', at) + 1;
        Matcher m = NODE_MODULES.matcher(s.substring(start));
        if (!m.find()) {
            return null;
        }
        String name = m.group(2);
        if (name.equals(".bin") || name.startsWith(".")) {
            return null;
        }
        String dir = m.group(1) + name;
        return new Found(new InstallContext("npm", name, pnpmVersion(m.group(1), name), null, projectOf(m.group(1))),
                dir + "/package.json");
    }

    /**
     * The version pnpm's layout states ({@code node_modules/.pnpm/<name>@<version>/node_modules/<name>}), or null:
     * the package.json may be gone by the time it is read, the directory name is in the path already.
     */
    private static String pnpmVersion(String modulesPrefix, String name) {
        Matcher m = PNPM_DIR.matcher(modulesPrefix);
        return m.find() && m.group(1).replace('+', '/').equals(name) ? m.group(2) : null;
    }

    /**
     * The project a node_modules path belongs to: the directory holding the outermost node_modules, or the one
     * holding yarn's {@code .yarn/unplugged/} (yarn 2+ unpacks packages with install scripts there).
     */
    private static String projectOf(String modulesPrefix) {
        int yarn = modulesPrefix.indexOf("/.yarn/unplugged/");
        int i = modulesPrefix.indexOf("/node_modules/");
        if (yarn > 0 && (i < 0 || yarn < i)) {
            return modulesPrefix.substring(0, yarn);
        }
        return i > 0 ? modulesPrefix.substring(0, i) : null;
    }

    /** "setup.py egg_info", "build_wheel" (a PEP 517 hook), or null. */
    static String pythonPhase(String commandLine) {
        if (commandLine == null) {
            return null;
        }
        Matcher m = PEP517.matcher(commandLine);
        if (m.find()) {
            return m.group(1);
        }
        m = SETUP_PY.matcher(commandLine);
        return m.find() ? "setup.py " + m.group(1) : null;
    }
}
