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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container of a new process image: inherited from its parent, except that a child of a container runtime
 * (runc, crun, conmon, a containerd shim) has its /proc/PID/cgroup read, since that is where a container's first
 * process is exec'd. The image name is read once per container: docker's from its container config, podman's (and
 * CRI-O's, the same containers/storage) from the storage's {@code <driver>-containers/containers.json}, whose
 * {@code metadata} holds {@code image-name}. Which storage: the one the runtime's command line names (runc's
 * {@code --bundle}, conmon's {@code -b}: {@code <root>/<driver>-containers/<id>/userdata}; a podman {@code --root}
 * elsewhere is found so), else the default root {@code /var/lib/containers/storage}. No CLI is run.
 */
public final class ContainerLookup {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CACHED = 256;
    /** containers.json lists every container of a storage: a host with thousands is still read, past this not. */
    static final long MAX_STORAGE_INDEX = 32L << 20;
    private static final List<String> STORAGE_DRIVERS = List.of("overlay", "vfs", "btrfs", "zfs");
    private static final Pattern BUNDLE = Pattern.compile("(/\\S*/[a-z0-9]+-containers)/([0-9a-f]{64})/userdata");
    private final Path proc;
    private final Path dockerContainers;
    private final Path storageRoot;
    private final Map<String, String> images = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_CACHED;
        }
    };

    public ContainerLookup(Path proc, Path dockerContainers) {
        this(proc, dockerContainers, Path.of("/var/lib/containers/storage"));
    }

    /** @param storageRoot containers/storage's default root (podman, CRI-O) */
    public ContainerLookup(Path proc, Path dockerContainers, Path storageRoot) {
        this.proc = proc;
        this.dockerContainers = dockerContainers;
        this.storageRoot = storageRoot;
    }

    public static ContainerLookup system() {
        return new ContainerLookup(Path.of("/proc"), Path.of("/var/lib/docker/containers"),
                Path.of("/var/lib/containers/storage"));
    }

    /** The container of pid, exec'd with {@code parent} as its parent (null when unknown). */
    public ContainerIds.Container at(long pid, ProcessInfo parent) {
        if (parent != null && !ContainerIds.isRuntime(parent.fileName())) {
            return parent.container();
        }
        if (parent == null) {
            return null; // an unknown parent: the exec path stays free of reads for the common case
        }
        return read(pid, parent.commandLine());
    }

    /** Reads pid's cgroup now (the /proc seed at start, and children of runtimes). */
    public ContainerIds.Container read(long pid) {
        return read(pid, null);
    }

    /** @param runtimeCommandLine the runtime parent's command line (may name the storage), or null */
    private ContainerIds.Container read(long pid, String runtimeCommandLine) {
        String text;
        try {
            text = Files.readString(proc.resolve(Long.toString(pid)).resolve("cgroup"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        ContainerIds.Container c = ContainerIds.parse(text);
        if (c == null) {
            return null;
        }
        return switch (c.runtime()) {
            case "docker" -> c.withImage(dockerImage(c.id()));
            case "podman", "crio" -> c.withImage(storageImage(c.id(), runtimeCommandLine));
            default -> c;
        };
    }

    /** The image-name containers/storage recorded for the container, or null. */
    private synchronized String storageImage(String id, String runtimeCommandLine) {
        if (images.containsKey(id)) {
            return images.get(id);
        }
        String image = null;
        for (Path index : storageIndexes(id, runtimeCommandLine)) {
            image = imageIn(index, id);
            if (image != null) {
                break;
            }
        }
        images.put(id, image);
        return image;
    }

    /** containers.json files that may list the container: the one the command line names first. */
    private List<Path> storageIndexes(String id, String runtimeCommandLine) {
        List<Path> out = new java.util.ArrayList<>();
        // runc's --log names the run root's <driver>-containers too (no index there): try each path named.
        Matcher m = runtimeCommandLine == null ? null : BUNDLE.matcher(runtimeCommandLine);
        while (m != null && m.find() && out.size() < 4) {
            if (m.group(2).equals(id)) {
                out.add(Path.of(m.group(1), "containers.json"));
            }
        }
        for (String driver : STORAGE_DRIVERS) {
            out.add(storageRoot.resolve(driver + "-containers").resolve("containers.json"));
        }
        return out;
    }

    private static String imageIn(Path index, String id) {
        try {
            if (!Files.isRegularFile(index) || Files.size(index) > MAX_STORAGE_INDEX) {
                return null;
            }
            JsonNode all = JSON.readTree(index.toFile());
            for (JsonNode c : all) {
                if (id.equals(c.path("id").asText())) {
                    JsonNode meta = c.get("metadata");
                    JsonNode m = meta == null || !meta.isTextual() ? null : JSON.readTree(meta.asText());
                    JsonNode name = m == null ? null : m.get("image-name");
                    return name == null || !name.isTextual() || name.asText().isEmpty() ? null : name.asText();
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable or not containers/storage's format: the id alone
        }
        return null;
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
