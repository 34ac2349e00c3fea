package dev.hookline.windows.etw;

import java.util.List;

/**
 * A real-time session: its name (stable, so a crashed agent's session is found and replaced), extra LogFileMode
 * bits (EVENT_TRACE_SYSTEM_LOGGER_MODE for kernel Process events), kernel EnableFlags, buffer size in KB, and the
 * manifest providers to enable.
 */
public record SessionSpec(String name, int logFileMode, int enableFlags, int bufferKb, List<ProviderSpec> providers) {
    public SessionSpec {
        providers = List.copyOf(providers);
    }
}
