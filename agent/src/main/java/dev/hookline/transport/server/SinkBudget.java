package dev.hookline.transport.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the decompressed bytes handed to the sink thread and not yet written (the sink queue's memory). Counting
 * batches alone forced a choice between refusing a fleet's normal load (100 agents, one batch each in flight, and
 * a 64-batch queue: 503 all the time) and letting 32 MiB batches pile up to gigabytes. A batch is admitted while
 * the total stays within {@code maxBytes}, and always when nothing is queued, so one big batch still gets through.
 */
final class SinkBudget {
    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    SinkBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean tryReserve(long bytes) {
        while (true) {
            long u = used.get();
            if (u > 0 && u + bytes > maxBytes) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
