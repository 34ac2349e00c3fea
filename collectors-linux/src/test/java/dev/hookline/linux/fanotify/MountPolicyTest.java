package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountPolicyTest {
    private static final String MOUNTINFO = String.join("\n",
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "23 22 0:5 / /proc rw,nosuid - proc proc rw",
            "24 22 0:20 / /sys rw - sysfs sysfs rw",
            "25 22 0:6 / /dev rw - devtmpfs udev rw",
            "26 25 0:23 / /dev/shm rw - tmpfs tmpfs rw",
            "27 22 0:24 / /run rw - tmpfs tmpfs rw",
            "28 22 0:30 / /tmp rw shared:5 - tmpfs tmpfs rw",
            "29 22 8:1 /var/lib/docker /mnt/bind rw - ext4 /dev/sda1 rw",
            "30 22 8:2 / /home/with\\040space rw - xfs /dev/sda2 rw",
            "31 22 7:0 / /snap/core/1 ro - squashfs /dev/loop0 ro",
            "32 22 8:3 / /boot ro,relatime - ext4 /dev/sda3 ro",
            "33 22 0:40 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw",
            "garbage line");

    @Test
    void realFilesystemsOncePerSuperblockThroughTheirRootMount() {
        List<Mount> picked = new MountPolicy(List.of("/proc", "/sys", "/dev", "/run")).select(Mount.parse(MOUNTINFO));
        assertEquals(List.of("/", "/tmp", "/home/with space"), picked.stream().map(Mount::mountPoint).toList());
    }

    @Test
    void prefixesMatchWholeComponents() {
        assertEquals(true, PathPrefixes.matches(List.of("/proc"), "/proc/1/fd"));
        assertEquals(true, PathPrefixes.matches(List.of("/proc"), "/proc"));
        assertEquals(false, PathPrefixes.matches(List.of("/proc"), "/processes/x"));
        assertEquals(true, PathPrefixes.matches(List.of("/"), "/anything"));
    }
}
