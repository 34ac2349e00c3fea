package dev.hookline.transport.server;

import dev.hookline.metrics.MetricsEndpoint;
import dev.hookline.metrics.StatusMetrics;
import dev.hookline.output.JsonLinesFile;
import dev.hookline.transport.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The Hookline collector: receives alert batches from the fleet (see {@link dev.hookline.transport.Wire}) over
 * mutual TLS, deduplicates them by AlertId and stores them ({@link AlertSink}). Native epoll on Linux when
 * available, NIO elsewhere.
 *
 * <p>Pipeline per connection: TLS → header clock → HTTP codec → idle/header/body deadlines → bounded aggregator (413) → batch decoder
 * (token, bounded gunzip) → per-agent rate limit (429) → sink handoff (autoRead off until acked; 503 when the sink
 * queue is full, in batches or in bytes) → guard (counts, closes on errors). One sink thread: batches are stored in arrival order.
 *
 * <p>{@link #close()} stops accepting, closes connections, lets the batch on the sink thread finish (its agent
 * will resend it and it will be counted as duplicates), then closes the files. Restart on the same data dir keeps
 * the dedup window.
 */
public final class CollectorServer implements Closeable {
    private static final Logger LOG = Logger.getLogger(CollectorServer.class.getName());

    private final CollectorConfig config;
    private final ServerCounters counters = new ServerCounters();
    private final AlertSink sink;
    private final ThreadPoolExecutor sinkExecutor;
    private final SinkBudget budget;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("hookline-collector", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private final boolean nativeTransport;
    private final ResponseCodes responseCodes = new ResponseCodes();
    /** The Prometheus endpoint, or null (metrics off). */
    private final MetricsEndpoint metrics;
    private volatile boolean closed;

    /** Opens the sink files and binds; throws if the port is taken or the TLS files are unusable. */
    public CollectorServer(CollectorConfig config) throws IOException, InterruptedException {
        this.config = config;
        SslContext ssl = config.tls == null ? null : TlsContexts.server(config.tls);
        if (ssl == null) {
            LOG.warning("collector without TLS: only for tests or behind a TLS-terminating proxy");
        }
        JsonLinesFile file = new JsonLinesFile("collector-alerts", config.alertFile(), config.alertFileRotateBytes,
                config.alertFileKeep, config.alertFsync());
        DedupWindow dedup = null;
        try {
            dedup = new DedupWindow(config.dataDir, config.dedupWindow);
            sink = new AlertSink(file, config.alertFile(), config.onward, dedup);
        } catch (IOException | RuntimeException e) {
            file.close();
            if (dedup != null) {
                dedup.close();
            }
            throw e;
        }
        sinkExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.sinkQueueBatches), r -> {
                    Thread t = new Thread(r, "hookline-collector-sink");
                    t.setDaemon(true);
                    return t;
                });
        nativeTransport = config.preferNative && Epoll.isAvailable();
        boss = nativeTransport ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        workers = nativeTransport ? new EpollEventLoopGroup(config.ioThreads) : new NioEventLoopGroup(config.ioThreads);
        RateLimiter limiter = new RateLimiter(config.rateAlertsPerSecond, config.rateBurst, System::nanoTime);
        ChannelGuard guard = new ChannelGuard(counters);
        Histogram syncSeconds = config.metrics == null ? null : Histogram.builder()
                .name("hookline_collector_fsync_duration_seconds")
                .help("Time to force the alert file and then the dedup log to disk, once per group commit (the acks"
                        + " of its batches wait for it)")
                .classicOnly().classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                        1, 2.5, 5).build();
        GroupCommit group = syncSeconds == null ? new GroupCommit()
                : new GroupCommit(n -> syncSeconds.observe(n / 1e9));
        budget = new SinkBudget(config.sinkQueueBytes);
        Class<? extends ServerChannel> channelClass = nativeTransport ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelClass)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (closed) {
                                ch.close();
                                return;
                            }
                            channels.add(ch);
                            ChannelPipeline p = ch.pipeline();
                            if (ssl != null) {
                                p.addLast("tls", ssl.newHandler(ch.alloc()));
                            }
                            RequestDeadlineHandler deadlines = new RequestDeadlineHandler(config.headerTimeoutMillis,
                                    config.requestTimeoutMillis, counters);
                            p.addLast("bytes", deadlines.byteWatch());
                            p.addLast("http", new HttpServerCodec(4096, 16 * 1024, 64 * 1024));
                            p.addLast("codes", responseCodes);
                            p.addLast("idle", new IdleStateHandler(config.idleTimeoutMillis, 0, 0,
                                    TimeUnit.MILLISECONDS));
                            p.addLast("deadline", deadlines);
                            p.addLast("aggregate", new LimitedAggregator(config.maxRequestBytes, counters));
                            p.addLast("decode", new BatchDecoder(config.bearerToken, config.maxBatchBytes,
                                    config.maxBatchLines, counters));
                            p.addLast("rate", new RateLimitHandler(limiter, counters));
                            p.addLast("sink", new SinkHandler(sink, sinkExecutor, counters, group, budget));
                            p.addLast("guard", guard);
                        }
                    });
            serverChannel = b.bind(config.bindHost, config.port).sync().channel();
        } catch (Exception e) {
            shutdownQuietly();
            sink.close();
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException("cannot listen on " + config.bindHost + ":" + config.port + ": " + e.getMessage(),
                    e);
        }
        if (config.metrics != null) {
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new StatusMetrics("hookline_collector_", this::counters));
            registry.register(this::responseSnapshot);
            registry.register(syncSeconds);
            try {
                metrics = MetricsEndpoint.start(config.metrics, registry, "hookline-collector-metrics");
            } catch (IOException e) {
                serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                shutdownQuietly();
                sink.close();
                throw e;
            }
            LOG.info("collector metrics on http://" + metrics.address() + "/metrics");
        } else {
            metrics = null;
        }
        long every = config.statusLogMillis;
        // Not on an event loop: the sink's counters wait for its lock, which an fsync may hold.
        statusTimer = GlobalEventExecutor.INSTANCE.scheduleAtFixedRate(this::logStatus, every, every,
                TimeUnit.MILLISECONDS);
        LOG.info("collector listening on " + serverChannel.localAddress() + (nativeTransport ? " (epoll)" : " (nio)")
                + (ssl != null ? " with mutual TLS" : " WITHOUT TLS"));
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** True when running on the native epoll transport. */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /** Responses sent, by HTTP status code (codes never sent are absent). */
    public Map<Integer, Long> responsesByStatus() {
        return responseCodes.snapshot();
    }

    /** The metrics endpoint's port, or -1 when metrics are off. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    private CounterSnapshot responseSnapshot() {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name("hookline_collector_http_responses")
                .help("Responses sent to agents, by HTTP status code (200 acknowledged; 400/408/413/429/431/503 "
                        + "refused)");
        responseCodes.snapshot().forEach((code, n) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("code", Integer.toString(code))).value(n).build()));
        return b.build();
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(counters.snapshot());
        m.putAll(sink.counters());
        m.put("sink_queue", (long) sinkExecutor.getQueue().size());
        m.put("sink_queue_bytes", budget.used());
        return m;
    }

    private String lastStatus = "";
    private io.netty.util.concurrent.ScheduledFuture<?> statusTimer;

    /**
     * Logs the counters that are not zero (accepted, duplicates and every refusal: malformed, too large, timeouts
     * ...) when they changed since the last line: an operator sees in the journal what the collector dropped.
     */
    synchronized void logStatus() {
        String line = statusLine(counters());
        if (!line.equals(lastStatus)) {
            lastStatus = line;
            LOG.info("collector status: " + line);
        }
    }

    static String statusLine(Map<String, Long> counters) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            if (e.getValue() != 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (metrics != null) {
            metrics.close();
        }
        if (statusTimer != null) {
            statusTimer.cancel(false);
        }
        logStatus();
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownQuietly();
        sink.close();
    }

    private void shutdownQuietly() {
        sinkExecutor.shutdown();
        try {
            if (!sinkExecutor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warning("sink did not finish within 30 s");
                sinkExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
