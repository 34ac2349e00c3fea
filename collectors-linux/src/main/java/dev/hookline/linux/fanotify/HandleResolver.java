package dev.hookline.linux.fanotify;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.Posix;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the directory file handles fanotify reports into paths: open_by_handle_at(mount fd of that filesystem,
 * handle, O_PATH) then readlink /proc/self/fd/N, which yields the directory's current path. Results are kept in
 * a bounded LRU cache keyed by (fsid, handle), which also answers for directories deleted before their events
 * are read (rm -rf). A directory rename makes every cached path below it stale, so {@link #invalidateAll()} is
 * called then. A deleted directory's entry can stay: a new directory never gets the same handle (the inode
 * generation differs), and LRU ageing removes it. Reader thread only.
 */
final class HandleResolver implements AutoCloseable, DirectoryHandles {
    private static final int MAX_HANDLE = 128;

    private final Map<Long, Integer> mountFds = new HashMap<>();
    private final LinkedHashMap<Key, String> cache;
    private final Key probe = new Key();
    private final Memory handleMem = new Memory(8 + MAX_HANDLE);
    private final byte[] link = new byte[4097];
    long hits;
    long misses;
    long failures;

    HandleResolver(int capacity) {
        cache = new LinkedHashMap<>(Math.min(capacity, 4096) * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
                return size() > capacity;
            }
        };
    }

    void addMount(long fsid, int mountFd) {
        mountFds.putIfAbsent(fsid, mountFd);
    }

    boolean knowsFsid(long fsid) {
        return mountFds.containsKey(fsid);
    }

    /**
     * The path of the directory whose fid starts at off (fsid, then struct file_handle) in buf, or null when it
     * cannot be resolved (unknown filesystem, stale handle and not cached).
     */
    @Override
    public String resolve(ByteBuffer buf, int off, int end) {
        if (!probe.set(buf, off, end)) {
            failures++;
            return null;
        }
        String path = cache.get(probe);
        if (path != null) {
            hits++;
            return path;
        }
        misses++;
        path = open(buf, off);
        if (path == null) {
            failures++;
            return null;
        }
        if (!path.endsWith(" (deleted)")) {
            cache.put(probe.copy(), path);
        } else {
            path = path.substring(0, path.length() - " (deleted)".length());
        }
        return path;
    }

    @Override
    public void invalidateAll() {
        cache.clear();
    }

    int size() {
        return cache.size();
    }

    private String open(ByteBuffer buf, int off) {
        long fsid = buf.getLong(off);
        Integer mfd = mountFds.get(fsid);
        if (mfd == null) {
            return null;
        }
        int hbytes = buf.getInt(off + 8);
        handleMem.setInt(0, hbytes);
        handleMem.setInt(4, buf.getInt(off + 12));
        for (int i = 0; i < hbytes; i++) {
            handleMem.setByte(8 + i, buf.get(off + 16 + i));
        }
        LibC c = LibC.INSTANCE;
        int fd;
        try {
            fd = c.open_by_handle_at(mfd, handleMem, Fan.O_PATH | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            return null; // ESTALE: gone before we looked
        }
        try {
            int n = c.readlink("/proc/self/fd/" + fd, link, link.length - 1);
            return n > 0 && link[0] == '/' ? new String(link, 0, n, StandardCharsets.UTF_8) : null;
        } catch (LastErrorException e) {
            return null;
        } finally {
            Posix.closeQuietly(fd);
        }
    }

    @Override
    public void close() {
        for (int fd : mountFds.values()) {
            Posix.closeQuietly(fd);
        }
        mountFds.clear();
    }

    /** (fsid, handle bytes, type, f_handle) as a map key; the probe is refilled in place to avoid garbage. */
    static final class Key {
        private byte[] b = new byte[16 + MAX_HANDLE];
        private int len;
        private int hash;

        boolean set(ByteBuffer buf, int off, int end) {
            if (off + 16 > end) {
                return false;
            }
            int hbytes = buf.getInt(off + 8);
            if (hbytes < 0 || hbytes > MAX_HANDLE || off + 16 + hbytes > end) {
                return false;
            }
            len = 16 + hbytes;
            buf.get(off, b, 0, len);
            int h = 1;
            for (int i = 0; i < len; i++) {
                h = 31 * h + b[i];
            }
            hash = h;
            return true;
        }

        Key copy() {
            Key k = new Key();
            k.b = Arrays.copyOf(b, len);
            k.len = len;
            k.hash = hash;
            return k;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).len == len && Arrays.equals(b, 0, len, ((Key) o).b, 0, len);
        }
    }
}
