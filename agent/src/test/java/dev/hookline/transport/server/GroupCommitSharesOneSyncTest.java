package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCommitSharesOneSyncTest {
    private final ServerCounters counters = new ServerCounters();

    private static final class CountingSink implements BatchSink {
        int syncs;
        boolean failSync;

        @Override
        public AlertSink.Result accept(BatchLines lines) {
            return new AlertSink.Result(lines.size(), 0, 0);
        }

        @Override
        public void sync() throws IOException {
            syncs++;
            if (failSync) {
                throw new IOException("disk full");
            }
        }
    }

    private static ChannelHandlerContext ctx(EmbeddedChannel ch) {
        return ch.pipeline().firstContext();
    }

    @Test
    void batchesWrittenWhileOthersQueueAreAcknowledgedTogetherAfterOneSync() {
        CountingSink sink = new CountingSink();
        GroupCommit g = new GroupCommit();
        List<EmbeddedChannel> chans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
            chans.add(ch);
            g.add(ctx(ch), new AlertBatch("a" + i, "b" + i, List.of("{}"), true), new AlertSink.Result(1, 0, 0));
            assertEquals(i < 2, !g.due(i < 2), "more batches queued: the sync waits for them");
        }
        for (EmbeddedChannel ch : chans) {
            ch.runPendingTasks();
            assertNull(ch.readOutbound(), "no ack before the sync");
        }
        g.commit(sink, counters);
        assertEquals(1, sink.syncs);
        for (EmbeddedChannel ch : chans) {
            ch.runPendingTasks();
            FullHttpResponse r = ch.readOutbound();
            assertEquals(200, r.status().code());
            r.release();
        }
        assertEquals(3, counters.batchesAcked.get());
    }

    @Test
    void aFailedSyncAnswers503ToEveryBatchItCovered() {
        CountingSink sink = new CountingSink();
        sink.failSync = true;
        GroupCommit g = new GroupCommit();
        EmbeddedChannel a = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        EmbeddedChannel b = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        g.add(ctx(a), new AlertBatch("a", "1", List.of("{}"), true), new AlertSink.Result(1, 0, 0));
        g.add(ctx(b), new AlertBatch("b", "2", List.of("{}"), true), new AlertSink.Result(1, 0, 0));
        g.commit(sink, counters);
        for (EmbeddedChannel ch : List.of(a, b)) {
            ch.runPendingTasks();
            FullHttpResponse r = ch.readOutbound();
            assertEquals(503, r.status().code());
            r.release();
        }
        assertEquals(0, counters.batchesAcked.get());
        assertTrue(counters.sinkErrors.get() > 0);
        assertFalse(g.due(false), "nothing left pending");
    }
}
