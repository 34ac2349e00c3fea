package dev.hookline.windows.etw;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Test double of the ETW binding: scripted return codes, a call log, and a ProcessTrace that blocks until stop. */
final class FakeEtwApi implements EtwApi {
    final List<String> calls = new ArrayList<>();
    final Deque<Integer> startResults = new ArrayDeque<>();
    int stopResult = 0;
    int failEnableAt = -1;
    int enableFailure = 5;
    int openError = 0;
    volatile RecordCallback callback;
    volatile BufferCallback buffers;
    final Deque<SessionStats> stats = new ArrayDeque<>();
    final CountDownLatch processing = new CountDownLatch(1);
    final CountDownLatch stopped = new CountDownLatch(1);
    int processReturn = 0;
    private int enables;

    @Override
    public synchronized Started startTrace(String name, int mode, int flags, int kb) {
        calls.add("start " + name + " mode=0x" + Integer.toHexString(mode) + " flags=" + flags);
        Integer r = startResults.poll();
        return new Started(r == null ? 0 : r, 0x1234);
    }

    @Override
    public synchronized int stopTrace(String name) {
        calls.add("stop " + name);
        stopped.countDown();
        return stopResult;
    }

    @Override
    public synchronized int enableProvider(long session, UUID provider, int level, long any, long all) {
        calls.add("enable " + provider + " level=" + level + " any=0x" + Long.toHexString(any) + " on " + session);
        return enables++ == failEnableAt ? enableFailure : 0;
    }

    @Override
    public synchronized Opened openTrace(String name, RecordCallback cb, BufferCallback bc) {
        calls.add("open " + name);
        if (openError != 0) {
            return new Opened(INVALID_HANDLE, openError);
        }
        callback = cb;
        buffers = bc;
        return new Opened(0x77, 0);
    }

    @Override
    public synchronized SessionStats queryTrace(String name) {
        calls.add("query " + name);
        SessionStats s = stats.poll();
        return s == null ? SessionStats.failed(Win32Errors.ERROR_WMI_INSTANCE_NOT_FOUND) : s;
    }

    @Override
    public int processTrace(long handle) {
        synchronized (this) {
            calls.add("process " + handle);
        }
        processing.countDown();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return processReturn;
    }

    @Override
    public synchronized int closeTrace(long handle) {
        calls.add("close " + handle);
        return 0;
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
