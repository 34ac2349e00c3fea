package dev.hookline.transport.server;

import java.util.List;

/**
 * One decoded request: who sent it, its batch id (for tracing), its alert lines, whether to keep the connection,
 * and its decompressed size (what it holds in memory while it waits for the sink).
 */
record AlertBatch(String agentId, String batchId, List<String> lines, boolean keepAlive, long bytes) {
    AlertBatch(String agentId, String batchId, List<String> lines, boolean keepAlive) {
        this(agentId, batchId, lines, keepAlive, lines.stream().mapToLong(l -> l.length() + 1).sum());
    }
}
