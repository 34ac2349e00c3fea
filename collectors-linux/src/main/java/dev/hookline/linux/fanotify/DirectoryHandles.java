package dev.hookline.linux.fanotify;

import java.nio.ByteBuffer;

/** Directory file handles of fid events → paths ({@link HandleResolver}; a table in tests). */
interface DirectoryHandles {
    /** The path of the directory whose fid (fsid, then struct file_handle) spans [off, end) of buf, or null. */
    String resolve(ByteBuffer buf, int off, int end);

    /** A directory moved: every cached path below it may be wrong. */
    void invalidateAll();
}
