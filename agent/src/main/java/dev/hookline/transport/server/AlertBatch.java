package dev.hookline.transport.server;

import java.util.List;

/** One decoded request: who sent it, its batch id (for tracing), its alert lines, whether to keep the connection. */
record AlertBatch(String agentId, String batchId, BatchLines lines, boolean keepAlive) {
    /** Tests: a batch of these lines. */
    AlertBatch(String agentId, String batchId, List<String> lines, boolean keepAlive) {
        this(agentId, batchId, BatchLines.of(lines), keepAlive);
    }

    /** Decompressed bytes the batch holds in memory while it waits for the sink. */
    long bytes() {
        return lines.bytes();
    }
}
