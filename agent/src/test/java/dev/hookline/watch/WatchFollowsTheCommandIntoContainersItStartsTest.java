package dev.hookline.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Container processes are not descendants of the watched command; the tree links their container by its id. */
class WatchFollowsTheCommandIntoContainersItStartsTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long SEC = 1_000_000_000L;
    private static final String MINE = "a".repeat(63) + "1";
    private static final String OTHER = "b".repeat(63) + "2";
    private final List<Event> events = new ArrayList<>();

    private Event proc(long t, long pid, String name, String cmd, long parent, String container) {
        Event e = new Event(Table.DeviceProcessEvents).setTime(Columns.TIMESTAMP, T0 + t)
                .set(Columns.ACTION_TYPE, "ProcessCreated").set(Columns.PROCESS_ID, pid).set(Columns.FILE_NAME, name)
                .set(Columns.PROCESS_COMMAND_LINE, cmd).set(Columns.INITIATING_PROCESS_ID, parent);
        if (container != null) {
            e.set(Columns.ADDITIONAL_FIELDS, "{\"ContainerId\":\"" + container + "\",\"ContainerRuntime\":\"podman\"}");
        }
        events.add(e);
        return e;
    }

    private static Event net(long pid, String container) {
        Event e = new Event(Table.DeviceNetworkEvents).setTime(Columns.TIMESTAMP, T0 + 5 * SEC)
                .set(Columns.ACTION_TYPE, "ConnectionFailed").set(Columns.INITIATING_PROCESS_ID, pid);
        return container == null ? e
                : e.set(Columns.ADDITIONAL_FIELDS, "{\"ContainerId\":\"" + container + "\"}");
    }

    @Test
    void aPodmanRunsContainerJoinsByTheIdItsConmonNamesAndAnotherContainerDoesNot() {
        // As seen live: podman 100 execs conmon 101 (-c <id>), which daemonizes (fork 102, parent 1) and whose
        // runc create 103 execs runc init; the container's first process 104 is a child of the daemonized conmon.
        proc(1 * SEC, 101, "conmon", "/usr/bin/conmon --api-version 1 -c " + MINE + " -u " + MINE
                + " -r /usr/sbin/runc -b /var/lib/containers/storage/vfs-containers/" + MINE + "/userdata", 100, null);
        proc(2 * SEC, 104, "busybox", "/bin/sh -c nc 127.0.0.1 9", 102, MINE);
        proc(3 * SEC, 105, "busybox", "nc 127.0.0.1 9", 104, MINE);
        proc(3 * SEC, 204, "busybox", "/bin/sh -c other", 202, OTHER);
        ProcessTree tree = new ProcessTree(100, T0, events, null);

        assertEquals(Set.of(MINE), tree.containers());
        assertTrue(tree.members().containsAll(Set.of(101L, 104L, 105L)), tree.members().toString());
        assertFalse(tree.members().contains(204L), "another container is not the command's");
        assertTrue(tree.contains(net(105, MINE)));
        assertTrue(tree.contains(net(106, MINE)), "a fork that never exec'd, in the container");
        assertFalse(tree.contains(net(204, OTHER)));
        assertFalse(tree.contains(net(300, null)));
    }

    @Test
    void aDockerClientLinksTheContainersWhoseShimStartsWhileItRunsOnly() {
        // docker 101 (in the tree) asks dockerd; containerd (pid 50, outside the tree) starts the shim.
        proc(1 * SEC, 101, "docker", "docker run --rm alpine sh -c id", 100, null);
        proc(2 * SEC, 501, "containerd-shim-runc-v2", "/usr/bin/containerd-shim-runc-v2 -namespace moby -id "
                + MINE + " -address /run/containerd/containerd.sock", 50, null);
        proc(3 * SEC, 502, "sh", "sh -c id", 501, MINE);
        proc(-10 * SEC, 401, "containerd-shim-runc-v2", "/usr/bin/containerd-shim-runc-v2 -namespace moby -id "
                + OTHER, 50, null);
        ProcessTree tree = new ProcessTree(100, T0, events, null);

        assertEquals(Set.of(MINE), tree.containers(), "a shim from before the client is another container");
        assertTrue(tree.members().contains(502L));
    }

    @Test
    void aCommandThatIsItselfInAContainerDoesNotTakeInItsWholeContainer() {
        // A CI job inside a container: its rows carry the job's container id, but no runtime in the tree named it.
        proc(1 * SEC, 101, "dash", "sh -c make", 100, MINE);
        proc(1 * SEC, 301, "dash", "sh -c runner-housekeeping", 300, MINE);
        ProcessTree tree = new ProcessTree(100, T0, events, null);

        assertEquals(Set.of(), tree.containers());
        assertFalse(tree.members().contains(301L));
    }

    @Test
    void clientsAreDockerStyleCommandsThatMakeTheDaemonStartAContainer() {
        assertTrue(ContainerLinks.isDaemonClient("docker", "docker run --rm alpine"));
        assertTrue(ContainerLinks.isDaemonClient("docker", "docker build -t x ."));
        assertTrue(ContainerLinks.isDaemonClient("nerdctl", "nerdctl compose up"));
        assertFalse(ContainerLinks.isDaemonClient("docker", "docker ps -a"));
        assertFalse(ContainerLinks.isDaemonClient("curl", "curl run"));
    }
}
