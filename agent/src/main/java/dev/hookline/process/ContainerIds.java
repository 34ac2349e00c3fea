package dev.hookline.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container a process runs in, from its cgroup paths (/proc/PID/cgroup as the host sees it): docker
 * ({@code /docker/<id>}, {@code docker-<id>.scope}), containerd and CRI-O under Kubernetes
 * ({@code kubepods/.../<id>}, {@code cri-containerd-<id>.scope}, {@code crio-<id>.scope}), podman
 * ({@code libpod-<id>.scope}, {@code /libpod_parent/libpod-<id>}). cgroup v1 (one line per hierarchy) and v2
 * ({@code 0::/path}) alike. The id is the runtime's 64-hex container id.
 */
public final class ContainerIds {
    /** Which runtime's naming the path used, the container id, and its image where the runtime tells it cheaply. */
    public record Container(String runtime, String id, String image) {
        public Container(String runtime, String id) {
            this(runtime, id, null);
        }

        public Container withImage(String i) {
            return new Container(runtime, id, i);
        }
    }

    private static final Pattern ID = Pattern.compile(
            "(?:^|[/-])(?:(docker|cri-containerd|crio|libpod|containerd)[-/])?([0-9a-f]{64})(?:\\.scope)?(?:/|$)");

    private ContainerIds() {
    }

    /** The container of a /proc/PID/cgroup text, or null for a process on the host (or a malformed text). */
    public static Container parse(String cgroup) {
        if (cgroup == null) {
            return null;
        }
        for (String line : cgroup.split("\n")) {
            int colon = line.indexOf(':', line.indexOf(':') + 1);
            if (colon < 0) {
                continue;
            }
            String path = line.substring(colon + 1);
            Matcher m = ID.matcher(path);
            String id = null;
            String runtime = null;
            while (m.find()) {
                id = m.group(2);
                runtime = m.group(1);
            }
            if (id != null) {
                return new Container(runtime(runtime, path), id);
            }
        }
        return null;
    }

    private static String runtime(String prefix, String path) {
        if (prefix != null) {
            return switch (prefix) {
                case "cri-containerd", "containerd" -> "containerd";
                case "libpod" -> "podman";
                default -> prefix;
            };
        }
        if (path.contains("/docker/")) {
            return "docker";
        }
        if (path.contains("kubepods")) {
            return "kubernetes";
        }
        return path.contains("libpod") ? "podman" : "unknown";
    }

    /** Container runtimes whose exec'd child may be a container's first process: the only execs that read cgroup. */
    public static boolean isRuntime(String fileName) {
        if (fileName == null) {
            return false;
        }
        return fileName.equals("runc") || fileName.equals("crun") || fileName.equals("youki")
                || fileName.equals("conmon") || fileName.startsWith("containerd-shim") || fileName.equals("runsc");
    }
}
