package dev.hookline.windows;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.collector.Platform;
import dev.hookline.collector.RawReplay;
import dev.hookline.windows.etw.jna.JnaEtwApi;
import dev.hookline.windows.host.WindowsHost;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * ServiceLoader entry for the ETW collector ("windows-etw"). Loads no Windows DLL unless the OS is Windows: the
 * elevation check and the advapi32 binding are reached only past the OS test.
 */
public final class WindowsEtwProvider implements CollectorProvider {
    private final String osName;
    private final BooleanSupplier elevated;
    private final String dataModel;

    public WindowsEtwProvider() {
        this(System.getProperty("os.name", ""), () -> WindowsHost.elevated(),
                System.getProperty("sun.arch.data.model", ""));
    }

    WindowsEtwProvider(String osName, BooleanSupplier elevated) {
        this(osName, elevated, "64");
    }

    /** @param dataModel "32" or "64" (sun.arch.data.model) */
    WindowsEtwProvider(String osName, BooleanSupplier elevated, String dataModel) {
        this.osName = osName;
        this.elevated = elevated;
        this.dataModel = dataModel;
    }

    @Override
    public String name() {
        return EtwCollector.NAME;
    }

    @Override
    public boolean forThisPlatform() {
        return Platform.of(osName) == Platform.WINDOWS;
    }

    @Override
    public String unsupportedReason() {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return "windows-etw needs Windows; this is not Windows (" + osName + ")";
        }
        // The JNA structures and the record layout are declared for x64 (pointer-sized fields, no stdcall callback):
        // on a 32-bit JVM they would misread every record, so it is refused rather than half working.
        if ("32".equals(dataModel)) {
            return "windows-etw needs a 64-bit Java; this JVM is 32-bit (sun.arch.data.model=32). Install a 64-bit"
                    + " JDK/JRE 17+ and run hookline with it";
        }
        boolean admin;
        try {
            admin = elevated.getAsBoolean();
        } catch (RuntimeException | LinkageError e) {
            return "windows-etw could not check the process token: " + e.getMessage();
        }
        if (!admin) {
            return "windows-etw needs an elevated process (Administrator or LocalSystem) to start kernel ETW "
                    + "sessions; run hookline from an elevated prompt or as a service running as LocalSystem";
        }
        return null;
    }

    @Override
    public Record defaultSettings() {
        return EtwSettings.DEFAULTS;
    }


    /** Recorded EVENT_RECORDs replay through the collector's reader and normalizer, on any OS. */
    @Override
    public RawReplay replay() {
        return new EtwReplay();
    }

    @Override
    public Collector create(CollectorContext context) throws CollectorException {
        String reason = unsupportedReason();
        if (reason != null) {
            throw new CollectorException(reason);
        }
        try {
            return new EtwCollector(context, JnaEtwApi::new);
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage(), e);
        }
    }
}
