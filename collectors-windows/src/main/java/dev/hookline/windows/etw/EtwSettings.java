package dev.hookline.windows.etw;

import dev.hookline.config.CollectorSettings;
import java.util.Map;

/**
 * The windows-etw section of the agent config ({@code collectors: windows-etw:}), bound by the agent's config
 * mapper ({@link CollectorSettings}); documented with its defaults in {@code windows-etw.yaml} beside this class.
 *
 * @param commandLines add EVENT_TRACE_SYSTEM_LOGGER_MODE with the PROCESS flag, so process events bring command
 *     lines and user SIDs (Windows 8 and later)
 * @param files enable Microsoft-Windows-Kernel-File (DeviceFileEvents)
 */
public record EtwSettings(boolean commandLines, boolean files) {
    public static final EtwSettings DEFAULTS = new EtwSettings(true, true);

    /** The section over the defaults; a bad key or value throws IllegalArgumentException naming it. */
    public static EtwSettings from(Map<String, Object> section) {
        return CollectorSettings.bind(EtwCollector.NAME, section, DEFAULTS);
    }
}
