package dev.hookline.transport.server;

import dev.hookline.transport.Wire;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands a batch to the sink thread and answers when it is durable. Backpressure: the channel stops reading
 * (autoRead off) from the moment a batch is handed over until it is answered, so a slow sink slows the senders
 * instead of queueing their data in memory; when the sink's bounded queue is full the batch is refused with 503 +
 * Retry-After. The event loop never blocks on the disk.
 */
final class SinkHandler extends SimpleChannelInboundHandler<AlertBatch> {
    private static final Logger LOG = Logger.getLogger(SinkHandler.class.getName());
    private final BatchSink sink;
    private final Executor sinkExecutor;
    private final ServerCounters counters;

    private final GroupCommit group;

    private final SinkBudget budget;

    SinkHandler(BatchSink sink, Executor sinkExecutor, ServerCounters counters) {
        this(sink, sinkExecutor, counters, new GroupCommit(), new SinkBudget(Long.MAX_VALUE));
    }

    /**
     * @param group  shared by every connection of one collector: batches of all agents share one sync
     * @param budget shared too: bounds the bytes queued for the sink thread
     */
    SinkHandler(BatchSink sink, Executor sinkExecutor, ServerCounters counters, GroupCommit group,
            SinkBudget budget) {
        super(false);
        this.group = group;
        this.budget = budget;
        this.sink = sink;
        this.sinkExecutor = sinkExecutor;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, AlertBatch batch) {
        long bytes = batch.bytes();
        if (!budget.tryReserve(bytes)) {
            counters.sinkBusy.incrementAndGet();
            Responses.json(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"error\":\"sink busy\"}",
                    !batch.keepAlive(), 1);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        try {
            sinkExecutor.execute(() -> store(ctx, batch));
        } catch (RejectedExecutionException e) {
            budget.release(bytes);
            counters.sinkBusy.incrementAndGet();
            ctx.channel().config().setAutoRead(true);
            Responses.json(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"error\":\"sink busy\"}",
                    !batch.keepAlive(), 1);
        }
    }

    /** On the sink thread. */
    private void store(ChannelHandlerContext ctx, AlertBatch batch) {
        try {
            storeAndAnswer(ctx, batch);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down (collector closing): the agent gets no ack and resends
        }
    }

    private void storeAndAnswer(ChannelHandlerContext ctx, AlertBatch batch) {
        AlertSink.Result r;
        try {
            r = sink.write(batch.lines());
        } catch (Exception e) {
            budget.release(batch.bytes());
            counters.sinkErrors.incrementAndGet();
            LOG.log(Level.WARNING, "sink failed on batch " + batch.batchId() + " from " + batch.agentId(), e);
            group.commit(sink, counters); // what was written before stays acknowledged only once durable
            ctx.executor().execute(() -> {
                Responses.json(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"error\":\"sink failed\"}",
                        !batch.keepAlive(), 5);
                ctx.channel().config().setAutoRead(true);
            });
            return;
        }
        budget.release(batch.bytes()); // written: the batch's data is no longer held
        group.add(ctx, batch, r);
        if (group.due(moreQueued())) {
            group.commit(sink, counters);
        }
    }

    /** More batches wait for the sink thread: their writes can share this sync. */
    private boolean moreQueued() {
        return sinkExecutor instanceof java.util.concurrent.ThreadPoolExecutor t && !t.getQueue().isEmpty();
    }
}
