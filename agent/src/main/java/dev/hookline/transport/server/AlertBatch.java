package dev.hookline.transport.server;

import java.util.List;

/** One decoded request: who sent it, its batch id (for tracing), its alert lines, whether to keep the connection. */
record AlertBatch(String agentId, String batchId, List<String> lines, boolean keepAlive) {
}
