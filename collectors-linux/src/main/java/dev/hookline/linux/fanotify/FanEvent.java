package dev.hookline.linux.fanotify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One fanotify event as read from the queue (struct fanotify_event_metadata and its info records), refilled in
 * place by {@link #read}. Fid records are left in the buffer and referenced by offset: (off, end) spans the
 * fsid and struct file_handle, which is what {@link HandleResolver} takes.
 */
final class FanEvent {
    long mask;
    int fd;
    int pid;
    /** DFID_NAME / DFID record: the directory (and entry name) of the event. */
    int dirOff;
    int dirEnd;
    String name;
    int oldOff;
    int oldEnd;
    String oldName;
    int newOff;
    int newEnd;
    String newName;
    private final byte[] nameBuf = new byte[4096];

    /**
     * Reads the event at pos; returns the position of the next event, or -1 when the bytes do not form a valid
     * event (the rest of the buffer is then abandoned and counted by the caller).
     */
    int read(ByteBuffer buf, int pos, int limit) {
        if (pos + Fan.METADATA_LEN > limit) {
            return -1;
        }
        int eventLen = buf.getInt(pos);
        int version = buf.get(pos + 4) & 0xff;
        int metaLen = buf.getShort(pos + 6) & 0xffff;
        if (eventLen < Fan.METADATA_LEN || pos + eventLen > limit || metaLen < Fan.METADATA_LEN || metaLen > eventLen
                || version != Fan.METADATA_VERSION) {
            return -1;
        }
        mask = buf.getLong(pos + 8);
        fd = buf.getInt(pos + 16);
        pid = buf.getInt(pos + 20);
        dirOff = oldOff = newOff = -1;
        name = oldName = newName = null;
        int end = pos + eventLen;
        int r = pos + metaLen;
        while (r + 4 <= end) {
            int type = buf.get(r) & 0xff;
            int len = buf.getShort(r + 2) & 0xffff;
            if (len < 4 || r + len > end) {
                return -1;
            }
            int recEnd = r + len;
            if (type == Fan.INFO_DFID_NAME || type == Fan.INFO_DFID || type == Fan.INFO_OLD_DFID_NAME
                    || type == Fan.INFO_NEW_DFID_NAME) {
                if (r + 20 > recEnd) {
                    return -1;
                }
                int hbytes = buf.getInt(r + 12);
                // handle_bytes is compared with the room left, not added first: a huge value would wrap the offset
                if (hbytes < 0 || hbytes > recEnd - (r + 20)) {
                    return -1;
                }
                int nameAt = r + 20 + hbytes;
                String n = type == Fan.INFO_DFID ? null : readName(buf, nameAt, recEnd);
                if (type == Fan.INFO_OLD_DFID_NAME) {
                    oldOff = r + 4;
                    oldEnd = recEnd;
                    oldName = n;
                } else if (type == Fan.INFO_NEW_DFID_NAME) {
                    newOff = r + 4;
                    newEnd = recEnd;
                    newName = n;
                } else {
                    dirOff = r + 4;
                    dirEnd = recEnd;
                    name = n;
                }
            }
            r = recEnd;
        }
        return end;
    }

    private String readName(ByteBuffer buf, int at, int end) {
        int n = 0;
        while (at + n < end && buf.get(at + n) != 0 && n < nameBuf.length) {
            n++;
        }
        if (n == 0) {
            return null;
        }
        buf.get(at, nameBuf, 0, n);
        return new String(nameBuf, 0, n, StandardCharsets.UTF_8);
    }
}
