package dev.hookline.linux.proc;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.process.ContainerIds;
import dev.hookline.process.ProcessInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLookupTest {
    private static final String ID = "3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    @Test
    void aChildOfRuncHasItsCgroupReadAndDockersImageNamedOthersInherit(@TempDir Path tmp) throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc/42"));
        Files.writeString(proc.resolve("cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");
        Path cfg = Files.createDirectories(tmp.resolve("docker/" + ID));
        Files.writeString(cfg.resolve("config.v2.json"), "{\"Image\":\"sha256:ab\",\"Config\":{\"Image\":\"alpine:3.20\"}}");
        ContainerLookup lookup = new ContainerLookup(tmp.resolve("proc"), tmp.resolve("docker"));

        ProcessInfo runc = new ProcessInfo(41, 1, 0, "/usr/bin/runc", "runc init", 0, null);
        ContainerIds.Container c = lookup.at(42, runc);
        assertEquals(new ContainerIds.Container("docker", ID, "alpine:3.20"), c);

        ProcessInfo inContainer = new ProcessInfo(42, 41, 0, "/bin/sh", "sh", 0, null, null, c);
        assertSame(c, lookup.at(43, inContainer), "a child inside the container inherits without a read");
        ProcessInfo onHost = new ProcessInfo(50, 1, 0, "/bin/bash", "bash", 0, null);
        assertNull(lookup.at(42, onHost), "a host process's child is not read, whatever its cgroup");
        assertNull(lookup.at(99, runc), "gone: nothing to read");
    }

    @Test
    void podmansImageComesFromTheStorageTheRuntimesCommandLineNamesElseTheDefaultRoot(@TempDir Path tmp)
            throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc/42"));
        Files.writeString(proc.resolve("cgroup"), "1:cpu:/libpod_parent/libpod-" + ID + "\n0::/libpod_parent/libpod-"
                + ID + "\n");
        Path storage = Files.createDirectories(tmp.resolve("elsewhere/vfs-containers/" + ID + "/userdata"));
        // containers.json as podman 4.3 writes it: metadata is a JSON text inside the JSON.
        Files.writeString(storage.getParent().getParent().resolve("containers.json"), "[{\"id\":\"" + ID
                + "\",\"names\":[\"x\"],\"metadata\":\"{\\\"image-name\\\":\\\"localhost/app:1\\\",\\\"name\\\":"
                + "\\\"x\\\"}\"}]");
        ContainerLookup lookup = new ContainerLookup(tmp.resolve("proc"), tmp.resolve("docker"),
                tmp.resolve("default-root"));
        ProcessInfo runc = new ProcessInfo(41, 1, 0, "/usr/sbin/runc", "/usr/sbin/runc --log /run/x/vfs-containers/" + ID
                + "/userdata/oci-log create --bundle " + storage
                + " --pid-file " + storage + "/pidfile " + ID, 0, null);
        assertEquals(new ContainerIds.Container("podman", ID, "localhost/app:1"), lookup.at(42, runc));

        Path defaults = Files.createDirectories(tmp.resolve("default-root/overlay-containers"));
        Files.writeString(defaults.resolve("containers.json"), "[{\"id\":\"" + ID
                + "\",\"metadata\":\"{\\\"image-name\\\":\\\"quay.io/x/y:2\\\"}\"}]");
        ContainerLookup fresh = new ContainerLookup(tmp.resolve("proc"), tmp.resolve("docker"),
                tmp.resolve("default-root"));
        ProcessInfo conmon = new ProcessInfo(41, 1, 0, "/usr/bin/conmon", "/usr/bin/conmon -c " + ID, 0, null);
        assertEquals("quay.io/x/y:2", fresh.at(42, conmon).image());

        Files.writeString(defaults.resolve("containers.json"), "[{\"id\": not json");
        ContainerLookup broken = new ContainerLookup(tmp.resolve("proc"), tmp.resolve("docker"),
                tmp.resolve("default-root"));
        assertEquals(new ContainerIds.Container("podman", ID), broken.at(42, conmon), "a malformed index: the id alone");
    }
}
