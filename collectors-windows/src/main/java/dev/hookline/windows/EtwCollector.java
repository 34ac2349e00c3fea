package dev.hookline.windows;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.RawRecorder;
import dev.hookline.windows.account.AccountCache;
import dev.hookline.windows.etw.EtwApi;
import dev.hookline.windows.etw.EtwException;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.etw.EtwRecordBytes;
import dev.hookline.windows.etw.EtwSession;
import dev.hookline.windows.etw.Guids;
import dev.hookline.windows.etw.ProviderSpec;
import dev.hookline.windows.etw.SessionSpec;
import dev.hookline.windows.etw.jna.EventTraceProperties;
import dev.hookline.windows.host.WindowsHost;
import dev.hookline.windows.loss.LossMonitor;
import dev.hookline.windows.normalize.DevicePaths;
import dev.hookline.windows.normalize.EtwNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The "windows-etw" collector: one real-time session named "Hookline-ETW" with Kernel-Process, Kernel-Network
 * and Kernel-File enabled, and (setting command_lines, default true) EVENT_TRACE_SYSTEM_LOGGER_MODE with the PROCESS
 * flag so the SystemTraceProvider Process events bring command lines and user SIDs into the same session (Windows
 * 8 and later). Events are decoded and normalized on the ProcessTrace thread. Losses are counted from the buffer
 * callback and from the session's statistics, polled every {@link #STATS_POLL_MILLIS} ms on a thread of their own
 * ({@link LossMonitor}). SID → account lookups run on a resolver thread ({@link AccountCache}), never on the
 * ProcessTrace thread.
 */
public final class EtwCollector implements Collector {
    public static final String NAME = "windows-etw";
    public static final String SESSION_NAME = "Hookline-ETW";
    /** How often the session's loss statistics are read (ControlTraceW QUERY is a cheap kernel call). */
    static final long STATS_POLL_MILLIS = 5_000;

    private final CollectorContext context;
    private final Supplier<EtwApi> api;
    private final boolean commandLines;
    private final boolean files;
    private final AtomicLong callbackErrors = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong statsPollErrors = new AtomicLong();
    private EtwSession session;
    private EtwNormalizer normalizer;
    private LossMonitor losses;
    private AccountCache accounts;
    private ScheduledExecutorService statsPoller;
    private final EtwRecord record = new EtwRecord();
    /** hookline record's hook: null unless recording. */
    private final RawRecorder recorder;
    private final byte[] recordScratch;

    public EtwCollector(CollectorContext context, Supplier<EtwApi> api) {
        this.context = context;
        this.api = api;
        EtwSettings settings = context.settings(EtwSettings.DEFAULTS);
        this.commandLines = settings.commandLines();
        this.files = settings.files();
        this.recorder = context.recorder();
        this.recordScratch = recorder == null ? null : new byte[EtwRecordBytes.MAX_BYTES];
    }

    @Override
    public String name() {
        return NAME;
    }

    static SessionSpec spec(boolean commandLines, boolean files) {
        List<ProviderSpec> providers = new ArrayList<>();
        int info = ProviderSpec.TRACE_LEVEL_INFORMATION;
        providers.add(new ProviderSpec("Microsoft-Windows-Kernel-Process", Guids.KERNEL_PROCESS, info,
                Guids.KERNEL_PROCESS_KEYWORD_PROCESS, 0));
        providers.add(new ProviderSpec("Microsoft-Windows-Kernel-Network", Guids.KERNEL_NETWORK, info,
                Guids.KERNEL_NETWORK_KEYWORD_IPV4 | Guids.KERNEL_NETWORK_KEYWORD_IPV6, 0));
        if (files) {
            providers.add(new ProviderSpec("Microsoft-Windows-Kernel-File", Guids.KERNEL_FILE, info,
                    Guids.KERNEL_FILE_KEYWORD_CREATE | Guids.KERNEL_FILE_KEYWORD_CREATE_NEW_FILE
                            | Guids.KERNEL_FILE_KEYWORD_WRITE | Guids.KERNEL_FILE_KEYWORD_DELETE_PATH
                            | Guids.KERNEL_FILE_KEYWORD_RENAME_SETLINK_PATH, 0));
        }
        int mode = commandLines ? EventTraceProperties.EVENT_TRACE_SYSTEM_LOGGER_MODE : 0;
        int flags = commandLines ? EventTraceProperties.EVENT_TRACE_FLAG_PROCESS : 0;
        return new SessionSpec(SESSION_NAME, mode, flags, 256, providers);
    }

    @Override
    public void start() throws CollectorException {
        accounts = new AccountCache(WindowsHost::lookupAccount, AccountCache.DEFAULT_QUEUE);
        DevicePaths paths = WindowsHost.devicePaths();
        if (recorder != null) {
            EtwRecordBytes.recordDeviceMap(recorder, WindowsHost.deviceMap());
        }
        // The seed runs before the session, on this thread: its lookups may block, and they warm the cache with
        // the owner of every running process, so the callback rarely meets a SID it does not know.
        WindowsHost.seed(context.processes(), accounts::resolveNow);
        accounts.start();
        normalizer = new EtwNormalizer(context.events(), context.processes(), context.host(), accounts, paths,
                commandLines, EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, context.agentPid());
        losses = new LossMonitor(() -> session.stats(), context.health(), SESSION_NAME);
        session = new EtwSession(api.get(), spec(commandLines, files), this::onRecord, losses::onBuffer,
                status -> context.health().healthAlert("EtwSessionStopped", "ETW session " + SESSION_NAME
                        + " stopped from outside (ProcessTrace returned " + status + "); process, network and file "
                        + "events are no longer collected until the agent restarts"));
        try {
            session.start();
        } catch (EtwException e) {
            accounts.close(); // no resolver thread left behind by a collector that did not start
            throw new CollectorException(e.getMessage(), e);
        }
        statsPoller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hookline-etw-stats");
            t.setDaemon(true);
            return t;
        });
        statsPoller.scheduleWithFixedDelay(this::pollLosses, STATS_POLL_MILLIS, STATS_POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void pollLosses() {
        // A scheduled task that throws is never run again: keep polling whatever one poll does.
        try {
            losses.poll(System.nanoTime());
        } catch (RuntimeException e) {
            statsPollErrors.incrementAndGet();
        }
    }

    private void onRecord(com.sun.jna.Pointer p) {
        // An exception must not unwind into native ProcessTrace: count it and go on.
        try {
            records.incrementAndGet();
            EtwRecord r = record.read(p);
            if (recorder != null) {
                EtwRecordBytes.record(recorder, p, r, recordScratch);
            }
            normalizer.accept(r);
        } catch (RuntimeException e) {
            callbackErrors.incrementAndGet();
        }
    }

    /** Includes which RenamePath FilePath form this host produced, so the first real run tells us. */
    @Override
    public String description() {
        return normalizer == null ? null : "Kernel-Process/Network/File ETW; RenamePath FilePath: "
                + normalizer.renameDirection();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new TreeMap<>();
        m.put("records", records.get());
        m.put("callbackErrors", callbackErrors.get());
        m.put("statsPollErrors", statsPollErrors.get());
        if (session != null) {
            m.put("staleSessionsStopped", session.staleStops());
        }
        if (normalizer != null) {
            m.putAll(normalizer.counters());
        }
        if (losses != null) {
            m.putAll(losses.counters());
        }
        if (accounts != null) {
            m.putAll(accounts.counters());
        }
        return m;
    }

    @Override
    public void close() {
        if (statsPoller != null) {
            statsPoller.shutdownNow();
            try {
                statsPoller.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pollLosses(); // the losses up to now, while the session still exists
        }
        if (session != null) {
            session.close();
        }
        if (normalizer != null) {
            normalizer.flush();
        }
        if (accounts != null) {
            accounts.close();
        }
    }
}
