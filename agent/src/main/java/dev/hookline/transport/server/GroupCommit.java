package dev.hookline.transport.server;

import dev.hookline.transport.Wire;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit on the sink thread: batches written one after another share one force to disk, and each is
 * acknowledged only after that force. An fsync per batch limited the collector to the disk's sync rate (about 30
 * batches/s here); with many agents sending at once, one sync now covers every batch that queued meanwhile.
 * Owned by the single sink thread: not thread-safe by design.
 */
final class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** Commit at the latest after this many batches or this long after the first unsynced one. */
    static final int MAX_BATCHES = 64;
    static final long MAX_DELAY_NANOS = 20_000_000L;

    /** Only what the answer needs: the batch's lines are not kept alive until the sync. */
    private record Pending(ChannelHandlerContext ctx, boolean keepAlive, AlertSink.Result result) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final LongConsumer syncNanos;
    private long firstNanos;

    GroupCommit() {
        this(n -> { });
    }

    /** @param syncNanos told how long each sync (alert file and dedup log forced to disk) took */
    GroupCommit(LongConsumer syncNanos) {
        this.syncNanos = syncNanos;
    }

    void add(ChannelHandlerContext ctx, AlertBatch batch, AlertSink.Result r) {
        if (pending.isEmpty()) {
            firstNanos = System.nanoTime();
        }
        pending.add(new Pending(ctx, batch.keepAlive(), r));
    }

    boolean due(boolean moreQueued) {
        return !pending.isEmpty() && (!moreQueued || pending.size() >= MAX_BATCHES
                || System.nanoTime() - firstNanos >= MAX_DELAY_NANOS);
    }

    /** Forces everything written to disk, then answers every pending batch: 200 if durable, 503 if not. */
    void commit(BatchSink sink, ServerCounters counters) {
        if (pending.isEmpty()) {
            return;
        }
        boolean durable;
        long t0 = System.nanoTime();
        try {
            sink.sync();
            durable = true;
            syncNanos.accept(System.nanoTime() - t0);
        } catch (Exception e) {
            durable = false;
            counters.sinkErrors.incrementAndGet();
            LOG.log(Level.WARNING, "sink sync failed for " + pending.size() + " batch(es)", e);
        }
        for (Pending p : pending) {
            answer(p, durable, counters);
        }
        pending.clear();
    }

    private static void answer(Pending p, boolean durable, ServerCounters counters) {
        if (durable) {
            counters.batchesAcked.incrementAndGet();
        }
        try {
            p.ctx.executor().execute(() -> {
                if (durable) {
                    Responses.json(p.ctx, HttpResponseStatus.OK, Wire.ackJson(p.result.accepted(),
                            p.result.duplicates(), p.result.invalid()), !p.keepAlive, 0);
                } else {
                    Responses.json(p.ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"error\":\"sink failed\"}",
                            !p.keepAlive, 5);
                }
                p.ctx.channel().config().setAutoRead(true);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the event loop is shutting down (collector closing): the agent gets no ack and resends
        }
    }
}
