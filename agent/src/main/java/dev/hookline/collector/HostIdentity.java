package dev.hookline.collector;

/** DeviceName (the host name) and DeviceId (stable per host) as MDE fills them. */
public record HostIdentity(String deviceName, String deviceId) {
}
