package dev.hookline.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real file channel whose writes fail like a full disk while {@link #full} is set (after writing half of the
 * buffer, as a real ENOSPC can), or stall for {@link #stallMillis} first: the seam's stand-in for a small tmpfs.
 */
final class FailingChannel extends FileChannel {
    final FileChannel real;
    final AtomicBoolean full;
    final AtomicLong stallMillis;

    FailingChannel(FileChannel real, AtomicBoolean full, AtomicLong stallMillis) {
        this.real = real;
        this.full = full;
        this.stallMillis = stallMillis;
    }

    private void beforeWrite() throws IOException {
        long s = stallMillis.get();
        if (s > 0) {
            try {
                Thread.sleep(s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        beforeWrite();
        if (full.get()) {
            if (src.remaining() > 1) {
                ByteBuffer half = src.duplicate();
                half.limit(half.position() + src.remaining() / 2);
                real.write(half, position);
            }
            throw new IOException("No space left on device");
        }
        return real.write(src, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        beforeWrite();
        if (full.get()) {
            throw new IOException("No space left on device");
        }
        return real.write(src);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        real.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new IOException("not used by the store");
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new IOException("not used by the store");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
