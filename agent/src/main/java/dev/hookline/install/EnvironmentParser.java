package dev.hookline.install;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The install context a package manager states in its script's environment:
 * <ul>
 * <li>npm, pnpm, yarn, bun: {@code npm_lifecycle_event} (the phase), {@code npm_package_name},
 * {@code npm_package_version}, {@code npm_config_user_agent} ("pnpm/8.15.1 npm/? node/v20...": which manager),
 * {@code INIT_CWD} (the project);</li>
 * <li>cargo: {@code CARGO_PKG_NAME}, {@code CARGO_PKG_VERSION}, phase build.rs for a build script
 * ({@code build-script-*}), compile for rustc (proc macros run there);</li>
 * <li>dpkg: {@code DPKG_MAINTSCRIPT_PACKAGE}, {@code DPKG_MAINTSCRIPT_NAME} (preinst, postinst...); no version
 * (the resolver asks dpkg's status file);</li>
 * <li>rpmbuild: {@code RPM_PACKAGE_NAME}, {@code RPM_PACKAGE_VERSION};</li>
 * <li>pip: {@code PIP_BUILD_TRACKER} (pip ≥ 22) marks its build subprocesses; the package comes from the build
 * directory ({@link PathParser});</li>
 * <li>go generate: {@code GOPACKAGE}, {@code GOFILE}.</li>
 * </ul>
 */
public final class EnvironmentParser {
    /** Bounds a hostile environment: variables past this are ignored. */
    static final int MAX_VARIABLES = 4096;

    private EnvironmentParser() {
    }

    /** /proc/PID/environ's form: NAME=value entries separated by NUL bytes; entries without '=' are skipped. */
    public static Map<String, String> parseNul(byte[] b, int len) {
        Map<String, String> env = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= len && env.size() < MAX_VARIABLES; i++) {
            if (i == len || b[i] == 0) {
                if (i > start) {
                    String s = new String(b, start, i - start, StandardCharsets.UTF_8);
                    int eq = s.indexOf('=');
                    if (eq > 0) {
                        env.putIfAbsent(s.substring(0, eq), s.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        return env;
    }

    /**
     * The context stated in {@code env}, or null when no manager states one.
     *
     * @param imageFileName the exec'd image's file name (build-script-build, rustc, sh...)
     */
    public static InstallContext parse(Map<String, String> env, String imageFileName) {
        if (env == null || env.isEmpty()) {
            return null;
        }
        String dpkg = env.get("DPKG_MAINTSCRIPT_PACKAGE");
        if (dpkg != null) {
            return new InstallContext("dpkg", dpkg, null, env.get("DPKG_MAINTSCRIPT_NAME"), null);
        }
        String lifecycle = env.get("npm_lifecycle_event");
        if (lifecycle != null) {
            String project = env.get("INIT_CWD");
            return new InstallContext(nodeManager(env.get("npm_config_user_agent")), blankToNull(
                    env.get("npm_package_name")), blankToNull(env.get("npm_package_version")), lifecycle,
                    project != null ? project : parentDir(env.get("npm_package_json")));
        }
        String crate = env.get("CARGO_PKG_NAME");
        if (crate != null) {
            String image = imageFileName == null ? "" : imageFileName;
            String phase = image.startsWith("build-script-") ? "build.rs"
                    : image.equals("rustc") || image.equals("clippy-driver") ? "compile" : "build";
            return new InstallContext("cargo", crate, blankToNull(env.get("CARGO_PKG_VERSION")), phase, null);
        }
        String rpm = env.get("RPM_PACKAGE_NAME");
        if (rpm != null) {
            return new InstallContext("rpm", rpm, env.get("RPM_PACKAGE_VERSION"), "rpmbuild", null);
        }
        if (env.containsKey("PIP_BUILD_TRACKER") || env.containsKey("PIP_REQ_TRACKER")) {
            return new InstallContext("pip", null, null, null, null);
        }
        String goPackage = env.get("GOPACKAGE");
        if (goPackage != null && env.containsKey("GOFILE")) {
            return new InstallContext("go", goPackage, null, "generate", null);
        }
        return null;
    }

    /** npm_config_user_agent's first product: "pnpm/8.15.1 npm/? node/v20.11.0 linux x64" → pnpm. */
    static String nodeManager(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "npm";
        }
        int slash = userAgent.indexOf('/');
        String m = slash > 0 ? userAgent.substring(0, slash) : userAgent.split(" ", 2)[0];
        return switch (m) {
            case "npm", "pnpm", "yarn", "bun" -> m;
            default -> "npm";
        };
    }

    private static String parentDir(String path) {
        if (path == null) {
            return null;
        }
        int i = path.lastIndexOf('/');
        return i > 0 ? path.substring(0, i) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
