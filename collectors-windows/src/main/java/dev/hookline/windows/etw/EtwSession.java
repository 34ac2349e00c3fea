package dev.hookline.windows.etw;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Runs one real-time ETW session: start it (stopping a stale session of the same name left by a crashed agent and
 * retrying once), enable each provider, open it for real-time consumption, and run ProcessTrace on its own thread.
 * {@link #close()} stops the session, waits for ProcessTrace to return, and closes the trace handle.
 * <p>
 * A failure part-way through undoes what was done (the session is stopped) so that no orphan session keeps
 * collecting kernel events with nobody reading them.
 */
public final class EtwSession implements AutoCloseable {
    static final long JOIN_MILLIS = 5_000;

    private final EtwApi api;
    private final SessionSpec spec;
    private final EtwApi.RecordCallback callback;
    private final EtwApi.BufferCallback buffers;
    private final IntConsumer onProcessEnd;
    private final AtomicLong staleStops = new AtomicLong();
    private final AtomicInteger processStatus = new AtomicInteger(Integer.MIN_VALUE);
    private long sessionHandle;
    private long traceHandle = EtwApi.INVALID_HANDLE;
    private boolean started;
    private Thread thread;
    private volatile boolean closing;

    /**
     * @param buffers      told at each delivered buffer, on the ProcessTrace thread (consumer-side loss counts)
     * @param onProcessEnd told ProcessTrace's status when it returns without {@link #close()} having been called
     *                     (the session was stopped from outside, e.g. `logman stop`)
     */
    public EtwSession(EtwApi api, SessionSpec spec, EtwApi.RecordCallback callback, EtwApi.BufferCallback buffers,
                      IntConsumer onProcessEnd) {
        this.api = api;
        this.spec = spec;
        this.callback = callback;
        this.buffers = buffers;
        this.onProcessEnd = onProcessEnd;
    }

    public synchronized void start() throws EtwException {
        if (started) {
            throw new IllegalStateException("session " + spec.name() + " already started");
        }
        EtwApi.Started s = api.startTrace(spec.name(), spec.logFileMode(), spec.enableFlags(), spec.bufferKb());
        if (s.status() == Win32Errors.ERROR_ALREADY_EXISTS) {
            int stop = api.stopTrace(spec.name());
            if (stop != Win32Errors.ERROR_SUCCESS && stop != Win32Errors.ERROR_WMI_INSTANCE_NOT_FOUND) {
                throw new EtwException("session " + spec.name() + " is already running and could not be stopped: "
                        + Win32Errors.describe("ControlTraceW(STOP)", stop), stop);
            }
            staleStops.incrementAndGet();
            s = api.startTrace(spec.name(), spec.logFileMode(), spec.enableFlags(), spec.bufferKb());
        }
        if (s.status() != Win32Errors.ERROR_SUCCESS) {
            throw new EtwException("session " + spec.name() + ": " + Win32Errors.describe("StartTraceW", s.status()),
                    s.status());
        }
        sessionHandle = s.handle();
        started = true;
        for (ProviderSpec p : spec.providers()) {
            int st = api.enableProvider(sessionHandle, p.guid(), p.level(), p.matchAnyKeyword(), p.matchAllKeyword());
            if (st != Win32Errors.ERROR_SUCCESS) {
                abort();
                throw new EtwException("session " + spec.name() + ": enabling " + p.name() + " {" + p.guid() + "}: "
                        + Win32Errors.describe("EnableTraceEx2", st), st);
            }
        }
        EtwApi.Opened o = api.openTrace(spec.name(), callback, buffers);
        if (!o.ok()) {
            abort();
            throw new EtwException("session " + spec.name() + ": " + Win32Errors.describe("OpenTraceW", o.error()),
                    o.error());
        }
        traceHandle = o.handle();
        long h = traceHandle;
        thread = new Thread(() -> {
            int st = api.processTrace(h);
            processStatus.set(st);
            if (!closing) {
                onProcessEnd.accept(st);
            }
        }, "hookline-etw-" + spec.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void abort() {
        api.stopTrace(spec.name());
        started = false;
    }

    /** Stale sessions of the same name stopped before this one could start (a crashed earlier agent). */
    public long staleStops() {
        return staleStops.get();
    }

    /**
     * The session's loss statistics (ControlTraceW QUERY), cumulative since it started; a failed status when the
     * session is not started (or no longer exists).
     */
    public SessionStats stats() {
        synchronized (this) {
            if (!started) {
                return SessionStats.failed(Win32Errors.ERROR_WMI_INSTANCE_NOT_FOUND);
            }
        }
        return api.queryTrace(spec.name());
    }

    /** ProcessTrace's return status, or Integer.MIN_VALUE while it runs. */
    public int processStatus() {
        return processStatus.get();
    }

    public synchronized boolean running() {
        return started && thread != null && thread.isAlive();
    }

    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        closing = true;
        started = false;
        // Stopping the session flushes its buffers and makes ProcessTrace return; then the handle can be closed.
        api.stopTrace(spec.name());
        join();
        if (traceHandle != EtwApi.INVALID_HANDLE) {
            api.closeTrace(traceHandle);
            traceHandle = EtwApi.INVALID_HANDLE;
        }
        join();
    }

    private void join() {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
