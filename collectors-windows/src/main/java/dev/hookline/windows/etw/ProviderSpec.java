package dev.hookline.windows.etw;

import java.util.UUID;

/** One manifest provider to enable in a session: which events (level, keywords) it should send. */
public record ProviderSpec(String name, UUID guid, int level, long matchAnyKeyword, long matchAllKeyword) {
    public static final int TRACE_LEVEL_INFORMATION = 4;
}
