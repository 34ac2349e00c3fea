package dev.hookline.linux.proc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.process.ContainerIds;
import dev.hookline.process.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The container of a new process image: inherited from its parent, except that a child of a container runtime
 * (runc, crun, conmon, a containerd shim) has its /proc/PID/cgroup read, since that is where a container's first
 * process is exec'd. Docker's image name comes from its container config (read once per container).
 */
public final class ContainerLookup {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CACHED = 256;
    private final Path proc;
    private final Path dockerContainers;
    private final Map<String, String> images = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_CACHED;
        }
    };

    public ContainerLookup(Path proc, Path dockerContainers) {
        this.proc = proc;
        this.dockerContainers = dockerContainers;
    }

    public static ContainerLookup system() {
        return new ContainerLookup(Path.of("/proc"), Path.of("/var/lib/docker/containers"));
    }

    /** The container of pid, exec'd with {@code parent} as its parent (null when unknown). */
    public ContainerIds.Container at(long pid, ProcessInfo parent) {
        if (parent != null && !ContainerIds.isRuntime(parent.fileName())) {
            return parent.container();
        }
        if (parent == null) {
            return null; // an unknown parent: the exec path stays free of reads for the common case
        }
        return read(pid);
    }

    /** Reads pid's cgroup now (the /proc seed at start, and children of runtimes). */
    public ContainerIds.Container read(long pid) {
        String text;
        try {
            text = Files.readString(proc.resolve(Long.toString(pid)).resolve("cgroup"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        ContainerIds.Container c = ContainerIds.parse(text);
        return c == null || !"docker".equals(c.runtime()) ? c : c.withImage(dockerImage(c.id()));
    }

    private synchronized String dockerImage(String id) {
        if (images.containsKey(id)) {
            return images.get(id);
        }
        String image = null;
        try {
            JsonNode cfg = JSON.readTree(dockerContainers.resolve(id).resolve("config.v2.json").toFile());
            JsonNode i = cfg == null ? null : cfg.path("Config").get("Image");
            image = i == null || !i.isTextual() ? null : i.asText();
        } catch (IOException | RuntimeException e) {
            // no docker state here (podman, containerd) or not readable: the id alone
        }
        images.put(id, image);
        return image;
    }
}
