package dev.hookline.linux.fanotify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of a file up to a size cap, lowercase hex as MDE prints it; null when too big or unreadable. */
final class FileHasher {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final MessageDigest md;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
    private final long maxBytes;

    FileHasher(long maxBytes) {
        this.maxBytes = maxBytes;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    String sha256(Path p) {
        md.reset();
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            if (ch.size() > maxBytes) {
                return null;
            }
            long total = 0;
            buf.clear();
            while (ch.read(buf) > 0) {
                buf.flip();
                total += buf.remaining();
                if (total > maxBytes) {
                    return null; // grew while we read
                }
                md.update(buf);
                buf.clear();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        byte[] d = md.digest();
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }
}
