package dev.hookline.linux.fanotify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which filesystems get a fanotify mark. Pseudo filesystems (proc, sysfs, cgroup, devpts, ...) hold no files a
 * detection cares about and are skipped by type. tmpfs is kept, since /tmp on tmpfs is a classic staging place
 * for supply-chain payloads, but mounts under the excluded mount points (default /proc, /sys, /dev, /run: that
 * covers /dev/shm, which browsers and IPC churn constantly, and the per-user /run/user runtime dirs) are skipped.
 * Read-only mounts are skipped as nothing can be written through them. A filesystem is marked once (its
 * superblock), through its best mount: the one showing the filesystem root, at the shortest mount point, so
 * resolved paths are as the rest of the system sees them.
 */
final class MountPolicy {
    static final Set<String> PSEUDO = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "devtmpfs", "securityfs",
            "debugfs", "tracefs", "pstore", "bpf", "mqueue", "hugetlbfs", "configfs", "fusectl", "autofs",
            "binfmt_misc", "efivarfs", "nsfs", "rpc_pipefs", "selinuxfs", "squashfs", "iso9660", "ramfs");

    private final List<String> excludedMountPoints;

    MountPolicy(List<String> excludedMountPoints) {
        this.excludedMountPoints = excludedMountPoints;
    }

    /** One mount per filesystem to mark, in mountinfo order of first appearance. */
    List<Mount> select(List<Mount> mounts) {
        Map<String, Mount> best = new LinkedHashMap<>();
        for (Mount m : mounts) {
            if (PSEUDO.contains(m.fsType()) || m.readOnly() || PathPrefixes.matches(excludedMountPoints, m.mountPoint())) {
                continue;
            }
            Mount cur = best.get(m.device());
            if (cur == null || better(m, cur)) {
                best.put(m.device(), m);
            }
        }
        return new ArrayList<>(best.values());
    }

    private static boolean better(Mount a, Mount b) {
        boolean ar = a.root().equals("/");
        boolean br = b.root().equals("/");
        if (ar != br) {
            return ar;
        }
        return a.mountPoint().length() < b.mountPoint().length();
    }
}
