package dev.hookline.windows;

/**
 * The {@code collectors: windows-etw:} section of the agent config, bound over {@link #DEFAULTS} by the agent's
 * config mapper ({@code CollectorContext.settings}); documented with its defaults in {@code windows-etw.yaml}
 * beside this class.
 *
 * @param commandLines add EVENT_TRACE_SYSTEM_LOGGER_MODE with the PROCESS flag, so process events bring command
 *     lines and user SIDs (Windows 8 and later)
 * @param files enable Microsoft-Windows-Kernel-File (DeviceFileEvents)
 */
public record EtwSettings(boolean commandLines, boolean files) {
    public static final EtwSettings DEFAULTS = new EtwSettings(true, true);
}
