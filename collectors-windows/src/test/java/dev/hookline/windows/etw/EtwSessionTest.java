package dev.hookline.windows.etw;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EtwSessionTest {
    static final UUID A = Guids.KERNEL_PROCESS;
    static final UUID B = Guids.KERNEL_NETWORK;
    static final SessionSpec SPEC = new SessionSpec("Test-ETW", 0x02000000, 1, 64, List.of(
            new ProviderSpec("proc", A, 4, 0x10, 0), new ProviderSpec("net", B, 4, 0x30, 0)));

    @Test
    void startsEnablesOpensProcessesOnItsOwnThreadAndStopsThenClosesOnClose() throws Exception {
        FakeEtwApi api = new FakeEtwApi();
        List<Object> seen = new CopyOnWriteArrayList<>();
        AtomicInteger ended = new AtomicInteger(-1);
        EtwSession s = new EtwSession(api, SPEC, seen::add, b -> { }, ended::set);
        s.start();
        assertTrue(api.processing.await(5, TimeUnit.SECONDS));
        assertTrue(s.running());
        api.callback.onRecord(null);
        assertEquals(1, seen.size(), "the session's callback is the one given to OpenTraceW");
        s.close();
        assertFalse(s.running());
        assertEquals(List.of(
                "start Test-ETW mode=0x2000000 flags=1",
                "enable " + A + " level=4 any=0x10 on 4660",
                "enable " + B + " level=4 any=0x30 on 4660",
                "open Test-ETW",
                "process 119",
                "stop Test-ETW",
                "close 119"), api.calls());
        assertEquals(-1, ended.get(), "a requested stop is not reported as an outside stop");
        assertEquals(0, s.processStatus());
    }

    @Test
    void staleSessionOfTheSameNameIsStoppedAndStartRetried() throws Exception {
        FakeEtwApi api = new FakeEtwApi();
        api.startResults.add(Win32Errors.ERROR_ALREADY_EXISTS);
        api.startResults.add(0);
        EtwSession s = new EtwSession(api, SPEC, r -> { }, b -> { }, st -> { });
        s.start();
        assertEquals(List.of("start Test-ETW mode=0x2000000 flags=1", "stop Test-ETW",
                "start Test-ETW mode=0x2000000 flags=1"), api.calls().subList(0, 3));
        assertEquals(1, s.staleStops());
        s.close();
    }

    @Test
    void staleSessionThatCannotBeStoppedFailsWithTheReason() {
        FakeEtwApi api = new FakeEtwApi();
        api.startResults.add(Win32Errors.ERROR_ALREADY_EXISTS);
        api.stopResult = Win32Errors.ERROR_ACCESS_DENIED;
        EtwSession s = new EtwSession(api, SPEC, r -> { }, b -> { }, st -> { });
        EtwException e = assertThrows(EtwException.class, s::start);
        assertEquals(Win32Errors.ERROR_ACCESS_DENIED, e.code());
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
        assertTrue(e.getMessage().contains("ControlTraceW"), e.getMessage());
        assertFalse(api.calls().stream().anyMatch(c -> c.startsWith("enable")));
    }

    @Test
    void staleSessionStillThereAfterStopFailsOnTheRetry() {
        FakeEtwApi api = new FakeEtwApi();
        api.startResults.add(Win32Errors.ERROR_ALREADY_EXISTS);
        api.startResults.add(Win32Errors.ERROR_ALREADY_EXISTS);
        EtwSession s = new EtwSession(api, SPEC, r -> { }, b -> { }, st -> { });
        EtwException e = assertThrows(EtwException.class, s::start);
        assertEquals(Win32Errors.ERROR_ALREADY_EXISTS, e.code());
        assertEquals(2, api.calls().stream().filter(c -> c.startsWith("start")).count(), "one retry only");
    }

    @Test
    void accessDeniedOnStartSaysToRunElevated() {
        FakeEtwApi api = new FakeEtwApi();
        api.startResults.add(Win32Errors.ERROR_ACCESS_DENIED);
        EtwException e = assertThrows(EtwException.class, new EtwSession(api, SPEC, r -> { }, b -> { }, st -> { })::start);
        assertTrue(e.getMessage().contains("StartTraceW failed: ERROR_ACCESS_DENIED"), e.getMessage());
        assertTrue(e.getMessage().contains("Administrator"), e.getMessage());
    }

    @Test
    void failedEnableStopsTheSessionAndNamesTheProvider() {
        FakeEtwApi api = new FakeEtwApi();
        api.failEnableAt = 1;
        api.enableFailure = Win32Errors.ERROR_NO_SYSTEM_RESOURCES;
        EtwSession s = new EtwSession(api, SPEC, r -> { }, b -> { }, st -> { });
        EtwException e = assertThrows(EtwException.class, s::start);
        assertTrue(e.getMessage().contains("net {" + B + "}"), e.getMessage());
        assertEquals("stop Test-ETW", api.calls().get(api.calls().size() - 1), "no orphan session left running");
        assertFalse(api.calls().contains("open Test-ETW"));
        s.close();
        assertEquals(1, api.calls().stream().filter(c -> c.startsWith("stop")).count(), "close after abort is a no-op");
    }

    @Test
    void failedOpenStopsTheSession() {
        FakeEtwApi api = new FakeEtwApi();
        api.openError = Win32Errors.ERROR_ACCESS_DENIED;
        EtwException e = assertThrows(EtwException.class, new EtwSession(api, SPEC, r -> { }, b -> { }, st -> { })::start);
        assertTrue(e.getMessage().contains("OpenTraceW"), e.getMessage());
        assertEquals("stop Test-ETW", api.calls().get(api.calls().size() - 1));
    }

    @Test
    void sessionStoppedFromOutsideIsReported() throws Exception {
        FakeEtwApi api = new FakeEtwApi();
        api.processReturn = Win32Errors.ERROR_CANCELLED;
        AtomicInteger ended = new AtomicInteger(-1);
        EtwSession s = new EtwSession(api, SPEC, r -> { }, b -> { }, ended::set);
        s.start();
        assertTrue(api.processing.await(5, TimeUnit.SECONDS));
        api.stopped.countDown(); // e.g. `logman stop Test-ETW -ets`
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ended.get() == -1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Win32Errors.ERROR_CANCELLED, ended.get());
        assertFalse(s.running());
        s.close();
    }

    @Test
    void statsAreQueriedByTheSessionNameWhileItRunsAndAreAFailedStatusOtherwise() throws Exception {
        FakeEtwApi api = new FakeEtwApi();
        api.stats.add(new SessionStats(0, 7, 2, 1, 900));
        List<BufferStats> buffers = new CopyOnWriteArrayList<>();
        EtwSession s = new EtwSession(api, SPEC, r -> { }, buffers::add, st -> { });
        assertFalse(s.stats().ok(), "not started");
        assertTrue(api.calls().isEmpty(), "no query before the session exists");
        s.start();
        assertEquals(new SessionStats(0, 7, 2, 1, 900), s.stats());
        assertTrue(api.calls().contains("query Test-ETW"));
        api.buffers.onBuffer(new BufferStats(1, 0, 0, 0));
        assertEquals(1, buffers.size(), "the session's buffer callback is the one given to OpenTraceW");
        s.close();
        assertEquals(Win32Errors.ERROR_WMI_INSTANCE_NOT_FOUND, s.stats().status(), "closed");
    }

    @Test
    void startTwiceIsRefused() throws Exception {
        FakeEtwApi api = new FakeEtwApi();
        EtwSession s = new EtwSession(api, SPEC, r -> { }, b -> { }, st -> { });
        s.start();
        assertThrows(IllegalStateException.class, s::start);
        s.close();
    }
}
