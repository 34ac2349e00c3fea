package dev.hookline.ring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The single consumer loop: drains batches into a handler; when idle it spins briefly, then parks until a
 * producer unparks it (or a safety timeout), so an idle agent does not burn a core.
 * <p>
 * No Thread.yield step: events come from collectors at most a few thousand a second, mostly alone, and 20 yields
 * after each lone event were 20 sched_yield system calls (a context switch each on a busy host) — most of this
 * thread's CPU under an exec storm. A park costs the producer one unpark (a futex wake) only while the consumer
 * sleeps, and a burst is drained as one batch after the wake-up.
 */
public final class RingConsumer implements Runnable {
    private static final int SPINS = 100;
    /** Upper bound of one park: a safety net only, producers unpark the sleeping consumer. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RingBuffer ring;
    private final BatchHandler handler;
    private final int batchMax;
    private volatile boolean running = true;
    private volatile Thread thread;

    public RingConsumer(RingBuffer ring, BatchHandler handler, int batchMax) {
        if (batchMax < 1) {
            throw new IllegalArgumentException("batchMax must be >= 1");
        }
        this.ring = ring;
        this.handler = handler;
        this.batchMax = batchMax;
    }

    /** Starts the loop on a new (non-daemon) thread with the given name. */
    public Thread start(String threadName) {
        Thread t = new Thread(this, threadName);
        thread = t;
        t.start();
        return t;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        ring.consumerThread(thread);
        int idle = 0;
        while (running) {
            if (ring.drain(handler, batchMax) > 0) {
                idle = 0;
            } else if (idle < SPINS) {
                idle++;
                Thread.onSpinWait();
            } else {
                ring.consumerSleeping(true);
                if (!ring.hasAvailable() && running) {
                    LockSupport.parkNanos(this, MAX_PARK_NANOS);
                }
                ring.consumerSleeping(false);
            }
        }
        // Hand over whatever was accepted before stop: every accepted event is consumed exactly once.
        while (ring.drain(handler, batchMax) > 0) {
            // keep draining
        }
        ring.consumerThread(null);
    }

    /**
     * Stops the loop after a final drain and waits for it to end. Call {@link RingBuffer#close()} first if
     * producers may still be blocked (BLOCK policy).
     */
    public void stop(long timeoutMillis) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            t.join(timeoutMillis);
        }
    }
}
