package dev.hookline.windows.decode;

/**
 * Microsoft-Windows-Kernel-Process ProcessStart (event 1). ImageName is an NT path (\Device\HarddiskVolumeN\...).
 * mandatoryLabel is the integrity SID (version 3 and later), else null.
 */
public record ProcessStart(long processId, long createTimeFiletime, long parentProcessId, long sessionId,
                           String imageName, String mandatoryLabel) {
}
