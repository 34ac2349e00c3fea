package dev.hookline.process;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ContainerIdsTest {
    private static final String ID = "3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    @Test
    void dockerInCgroupV1AndV2() {
        assertEquals(new ContainerIds.Container("docker", ID),
                ContainerIds.parse("12:memory:/docker/" + ID + "\n11:cpu:/docker/" + ID + "\n"));
        assertEquals(new ContainerIds.Container("docker", ID),
                ContainerIds.parse("0::/system.slice/docker-" + ID + ".scope\n"));
    }

    @Test
    void kubernetesContainerdCrioAndPodmanForms() {
        assertEquals(new ContainerIds.Container("containerd", ID), ContainerIds.parse("0::/kubepods.slice/"
                + "kubepods-burstable.slice/kubepods-burstable-pod1a2b.slice/cri-containerd-" + ID + ".scope"));
        assertEquals(new ContainerIds.Container("kubernetes", ID), ContainerIds.parse(
                "4:pids:/kubepods/besteffort/pod0b6f9c1e-1d2c-4e5f-8a9b-0c1d2e3f4a5b/" + ID));
        assertEquals(new ContainerIds.Container("crio", ID), ContainerIds.parse("0::/kubepods.slice/crio-" + ID
                + ".scope"));
        assertEquals(new ContainerIds.Container("podman", ID),
                ContainerIds.parse("0::/machine.slice/libpod-" + ID + ".scope/container"));
        assertEquals(new ContainerIds.Container("podman", ID),
                ContainerIds.parse("1:name=systemd:/libpod_parent/libpod-" + ID));
    }

    @Test
    void hostProcessesAndGarbageHaveNoContainer() {
        assertNull(ContainerIds.parse("0::/user.slice/user-1000.slice/session-2.scope\n"));
        assertNull(ContainerIds.parse("0::/\n"));
        assertNull(ContainerIds.parse("0::/system.slice/docker.service"));
        assertNull(ContainerIds.parse("no colons here"));
        assertNull(ContainerIds.parse("0::/docker/" + ID.substring(1)), "63 hex digits is not an id");
        assertNull(ContainerIds.parse(null));
    }

    @Test
    void onlyRuntimesExecsAreLookedAt() {
        assertTrue(ContainerIds.isRuntime("runc"));
        assertTrue(ContainerIds.isRuntime("containerd-shim-runc-v2"));
        assertFalse(ContainerIds.isRuntime("bash"));
        assertFalse(ContainerIds.isRuntime(null));
    }
}
