package dev.hookline.ring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The single consumer loop: drains batches into a handler; when idle it spins briefly, then parks until a
 * producer unparks it (or a safety timeout), so an idle agent does not burn a core.
 * <p>
 * No Thread.yield step: events come from collectors at most a few thousand a second, mostly alone, and 20 yields
 * after each lone event were 20 sched_yield system calls (a context switch each on a busy host) — most of this
 * thread's CPU under an exec storm. A park costs the producer one unpark (a futex wake) only while the consumer
 * sleeps, and a burst is drained as one batch after the wake-up.
 * <p>
 * Producers may also run the handler themselves at the end of a burst ({@link #assist()}, through
 * {@link RingBuffer#endBurst()}): an exec then goes from the audit record to the alert on the reader thread, with
 * no hand-off. Whoever drains holds {@link #draining}, so the handler still runs on one thread at a time, in
 * sequence order, and sees everything the previous holder did (the flag's volatile write and read order them).
 */
public final class RingConsumer implements Runnable {
    private static final int SPINS = 100;
    /** Events a producer evaluates per assist at most: a few receives' worth of execs. */
    static final int ASSIST_MAX = 256;
    /**
     * Upper bound of one park: a safety net only, producers unpark the sleeping consumer. Long, because an idle
     * wake-up is not free (about 70 µs of CPU on the 2-core bench VM: 10 a second were 0.07 % of a core).
     */
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RingBuffer ring;
    private final BatchHandler handler;
    private final int batchMax;
    private final long maxParkNanos;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile Thread thread;

    public RingConsumer(RingBuffer ring, BatchHandler handler, int batchMax) {
        this(ring, handler, batchMax, MAX_PARK_NANOS);
    }

    /** @param maxParkNanos the safety-net park; tests make it huge so a lost wake-up shows as a hang */
    RingConsumer(RingBuffer ring, BatchHandler handler, int batchMax, long maxParkNanos) {
        this.maxParkNanos = maxParkNanos;
        if (batchMax < 1) {
            throw new IllegalArgumentException("batchMax must be >= 1");
        }
        this.ring = ring;
        this.handler = handler;
        this.batchMax = batchMax;
    }

    /**
     * Drains one batch of at most {@link #ASSIST_MAX} events on the calling thread unless another thread is
     * draining; returns whether this thread drained. Whatever is left after that (a backlog, or events published
     * while another thread held the flag) goes to the consumer thread, woken for it: nothing is stranded, and a
     * collector thread never evaluates more than a burst's worth of rules before it goes back to its socket (under
     * a sustained storm the rule thread takes over and the ring absorbs the bursts).
     */
    boolean assist() {
        if (!running || !ring.hasAvailable()) {
            return false;
        }
        int n = drainOnce(Math.min(batchMax, ASSIST_MAX));
        if (n < 0) {
            // The holder looks for leftovers after it lets go (and wakes the rule thread for them): our events
            // were published before our failed claim, so before its release. Waking the rule thread now would
            // only have it wait for the holder.
            return false;
        }
        if (ring.hasAvailable()) {
            ring.wakeConsumer();
        }
        return n > 0;
    }

    /**
     * One batch under the drainer flag: the number handed over, or -1 when another thread holds the flag (a
     * producer's assist looks again after it lets go; the consumer loop drains again after each batch).
     */
    private int drainOnce(int max) {
        if (!draining.compareAndSet(false, true)) {
            return -1;
        }
        try {
            return ring.drain(handler, max);
        } finally {
            draining.set(false);
        }
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
        ring.assistant(this);
        int idle = 0;
        while (running) {
            int n = drainOnce(batchMax);
            if (n > 0) {
                idle = 0;
            } else if (idle < SPINS) {
                idle++;
                Thread.onSpinWait();
            } else {
                ring.consumerSleeping(true);
                // Events pending while a producer's assist holds the flag are that producer's to hand over: it
                // wakes this thread if it leaves any. Spinning on them instead burned a core for as long as the
                // producer wrote an alert.
                if ((n < 0 || !ring.hasAvailable()) && running) {
                    LockSupport.parkNanos(this, maxParkNanos);
                }
                ring.consumerSleeping(false);
            }
        }
        ring.assistant(null);
        // Hand over whatever was accepted before stop: every accepted event is consumed exactly once.
        // Taken for good: a producer finishing its assist lets go first, and none can start one after this.
        while (!draining.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
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
