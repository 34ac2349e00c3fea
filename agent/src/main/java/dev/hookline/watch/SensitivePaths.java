package dev.hookline.watch;

import java.util.Locale;

/**
 * Files whose rewrite by a build or an install deserves a look: CI definitions, shell start-up files, build files,
 * package-manager credentials, git hooks, SSH keys and scheduled jobs. {@link #category} names the kind, or null.
 */
final class SensitivePaths {
    private SensitivePaths() {
    }

    static String category(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        String p = path.replace('\\', '/');
        String lower = p.toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        if (lower.contains("/.github/workflows/") || lower.contains("/.github/actions/")
                || name.equals(".gitlab-ci.yml") || name.equals("jenkinsfile") || lower.contains("/.circleci/")
                || name.equals(".travis.yml") || name.startsWith("azure-pipelines") || lower.contains("/.buildkite/")) {
            return "CI pipeline";
        }
        if (name.equals(".bashrc") || name.equals(".bash_profile") || name.equals(".bash_login")
                || name.equals(".bash_logout") || name.equals(".profile") || name.equals(".zshrc")
                || name.equals(".zprofile") || name.equals(".zshenv") || name.equals(".zlogin")
                || lower.endsWith("/.config/fish/config.fish") || lower.equals("/etc/profile")
                || lower.startsWith("/etc/profile.d/") || lower.equals("/etc/bash.bashrc")
                || lower.equals("/etc/environment")) {
            return "shell profile";
        }
        if (name.equals("makefile") || name.equals("gnumakefile") || name.equals("cmakelists.txt")
                || name.equals("build.gradle") || name.equals("build.gradle.kts") || name.equals("settings.gradle")
                || name.equals("settings.gradle.kts") || name.equals("pom.xml") || name.equals("setup.py")
                || name.equals("pyproject.toml") || name.equals("build.rs") || name.equals("dockerfile")) {
            return "build file";
        }
        if (name.equals(".npmrc") || name.equals(".yarnrc") || name.equals(".yarnrc.yml") || name.equals(".pypirc")
                || name.equals("pip.conf") || lower.endsWith("/.cargo/credentials") || lower.endsWith("/.cargo/config.toml")
                || lower.endsWith("/.docker/config.json") || lower.endsWith("/.m2/settings.xml")) {
            return "package-manager config";
        }
        if (lower.contains("/.git/hooks/")) {
            return "git hook";
        }
        if (lower.contains("/.ssh/")) {
            return "ssh";
        }
        if (lower.startsWith("/etc/cron") || lower.startsWith("/var/spool/cron/") || lower.startsWith("/etc/systemd/")
                || lower.contains("/.config/systemd/user/") || lower.contains("/.config/autostart/")) {
            return "persistence";
        }
        return null;
    }
}
