package dev.hookline.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.ResultTable;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's local control socket: a Unix-domain socket only root can use (its directory is created 0700 and the
 * socket is chmod 0600 right after bind; the directory already keeps others out in between). One JSON request line
 * per connection, answered with JSON lines (see {@link ControlProtocol}), then closed.
 *
 * <p>Hostile input is answered, not fatal: requests over {@link #MAX_REQUEST_BYTES}, malformed JSON, unknown ops,
 * a client that sends nothing for {@link #READ_TIMEOUT_MILLIS} and more than {@link #MAX_CONNECTIONS} concurrent
 * connections each get an error line (or are closed) and are counted.
 */
public final class ControlServer implements Closeable {
    public static final int MAX_REQUEST_BYTES = 1 << 20;
    public static final int MAX_CONNECTIONS = 8;
    public static final long READ_TIMEOUT_MILLIS = 10_000;
    private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());
    /** S_IFMT / S_IFSOCK from stat(2): the file type bits of "unix:mode". */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socket;
    private final ControlHandler handler;
    private final long readTimeoutMillis;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong handlerErrors = new AtomicLong();
    private ServerSocketChannel server;
    private Object socketFileKey;
    private ExecutorService workers;
    private ScheduledExecutorService watchdog;
    private Thread acceptor;
    private volatile boolean closed;

    public ControlServer(Path socket, ControlHandler handler) {
        this(socket, handler, READ_TIMEOUT_MILLIS);
    }

    /** How often a query that asked for progress is told how far it has read (tests shorten it). */
    long progressIntervalMillis = 1000;

    ControlServer(Path socket, ControlHandler handler, long readTimeoutMillis) {
        this.socket = socket.toAbsolutePath();
        this.handler = handler;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Creates the directory (0700) if missing, removes a stale socket left by a crashed agent, binds, sets the
     * socket 0600 and starts accepting on a daemon thread.
     *
     * @throws ControlException when another agent answers on the socket, or the path is taken by something that is
     *                          not a socket, or binding fails
     */
    public synchronized void start() throws ControlException {
        if (server != null) {
            return;
        }
        try {
            createPrivateDirectories(socket.getParent());
            removeStaleSocket();
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.bind(UnixDomainSocketAddress.of(socket), 16);
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
                socketFileKey = Files.readAttributes(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            server = ch;
        } catch (IOException | UnsupportedOperationException e) {
            throw new ControlException("cannot open the control socket " + socket + ": " + e.getMessage(), e);
        }
        workers = Executors.newCachedThreadPool(r -> daemon(r, "hookline-control"));
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hookline-control-timeout"));
        acceptor = daemon(this::acceptLoop, "hookline-control-accept");
        acceptor.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Creates each missing directory level with mode 0700; existing directories are left as they are. */
    private static void createPrivateDirectories(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            Files.createDirectory(p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------")); // umask-proof
        }
    }

    private void removeStaleSocket() throws IOException, ControlException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new ControlException(socket + " exists and is not a socket: refusing to replace it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new ControlException("another hookline agent is running (it answers on " + socket + ")");
        } catch (ConnectException e) {
            // Nobody listens: the socket of an agent that died without cleaning up.
            Files.deleteIfExists(socket);
            LOG.info("removed stale control socket " + socket);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "control socket accept failed: " + e.getMessage());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                busy.incrementAndGet();
                reply(client, ControlProtocol.error("agent busy: too many control connections, try again"));
                closeQuietly(client);
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        serve(client);
                    } finally {
                        closeQuietly(client);
                        slots.release();
                    }
                });
            } catch (RuntimeException e) { // executor shut down
                closeQuietly(client);
                slots.release();
            }
        }
    }

    private void serve(SocketChannel client) {
        requests.incrementAndGet();
        // No read timeout exists for blocking Unix channels: a watchdog closes the channel of a silent client.
        ScheduledFuture<?> timer = watchdog.schedule(() -> {
            timeouts.incrementAndGet();
            closeQuietly(client);
        }, readTimeoutMillis, TimeUnit.MILLISECONDS);
        String line;
        try {
            line = readRequest(client);
        } catch (IOException e) {
            timer.cancel(false);
            return; // closed by the watchdog or the peer: nobody to answer
        }
        if (!timer.cancel(false)) {
            return;
        }
        if (line == null) {
            oversized.incrementAndGet();
            reply(client, ControlProtocol.error("request too large (limit " + MAX_REQUEST_BYTES + " bytes)"));
            return;
        }
        JsonNode req;
        try {
            req = ControlProtocol.JSON.readTree(line);
        } catch (JacksonException e) {
            badRequests.incrementAndGet();
            reply(client, ControlProtocol.error("malformed request: not JSON"));
            return;
        }
        if (req == null || !req.isObject() || !req.path("op").isTextual()) {
            badRequests.incrementAndGet();
            reply(client, ControlProtocol.error("malformed request: expected {\"op\": \"status\"|\"query\", ...}"));
            return;
        }
        String op = req.get("op").asText();
        if (ControlProtocol.OP_STATUS.equals(op)) {
            status(client);
        } else if (ControlProtocol.OP_QUERY.equals(op)) {
            JsonNode q = req.get("query");
            if (q == null || !q.isTextual()) {
                badRequests.incrementAndGet();
                reply(client, ControlProtocol.error("malformed request: query needs a \"query\" text"));
                return;
            }
            JsonNode since = req.get("since_ns");
            if (since != null && !since.isNull() && (!since.canConvertToLong() || since.asLong() <= 0)) {
                badRequests.incrementAndGet();
                reply(client, ControlProtocol.error("malformed request: since_ns must be a positive number"));
                return;
            }
            query(client, q.asText(), since == null || since.isNull() ? 0 : since.asLong(),
                    req.path("progress").asBoolean(false));
        } else {
            badRequests.incrementAndGet();
            reply(client, ControlProtocol.error("unknown op '" + truncate(op) + "' (known: status, query)"));
        }
    }

    private void status(SocketChannel client) {
        Map<String, Object> status;
        try {
            status = handler.status();
        } catch (RuntimeException e) {
            handlerErrors.incrementAndGet();
            LOG.log(Level.WARNING, "status failed", e);
            reply(client, ControlProtocol.error("internal error: " + e));
            return;
        }
        ObjectNode n = ControlProtocol.JSON.createObjectNode();
        n.put("ok", true);
        n.set("status", ControlProtocol.JSON.valueToTree(status));
        reply(client, n.toString());
    }

    private void query(SocketChannel client, String kql, long sinceNanos, boolean wantProgress) {
        ResultTable t;
        QueryProgress progress = new QueryProgress();
        // progress lines go out from the watchdog thread while this one runs the query; the lock and the flag keep
        // them before the answer's first line
        Object lock = new Object();
        boolean[] answered = {false};
        long start = System.nanoTime();
        ScheduledFuture<?> ticker = !wantProgress ? null : watchdog.scheduleAtFixedRate(() -> {
            synchronized (lock) {
                if (!answered[0]) {
                    reply(client, ControlProtocol.progress(progress, (System.nanoTime() - start) / 1_000_000));
                }
            }
        }, progressIntervalMillis, progressIntervalMillis, TimeUnit.MILLISECONDS);
        try {
            t = handler.query(kql, sinceNanos, progress);
        } catch (KqlException e) {
            stop(ticker, lock, answered);
            reply(client, ControlProtocol.kqlError(e));
            return;
        } catch (UnsupportedOperationException e) {
            stop(ticker, lock, answered);
            reply(client, ControlProtocol.error(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            stop(ticker, lock, answered);
            handlerErrors.incrementAndGet();
            LOG.log(Level.WARNING, "query failed", e);
            reply(client, ControlProtocol.error("internal error: " + e));
            return;
        }
        stop(ticker, lock, answered);
        try {
            write(client, ControlProtocol.header(t));
            long n = 0;
            for (Object[] row : t.rows()) {
                write(client, ControlProtocol.row(row));
                n++;
            }
            write(client, ControlProtocol.end(n));
        } catch (IOException e) {
            // the client went away mid-answer
        }
    }

    /** The request line without its newline; null when it exceeds the limit. Reads to EOF if no newline comes. */
    private static String readRequest(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (true) {
            int start = buf.position();
            int n = client.read(buf);
            for (int i = start; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
            if (n < 0) {
                return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            }
            if (buf.position() > MAX_REQUEST_BYTES) {
                return null;
            }
            if (!buf.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.min(buf.capacity() * 2, MAX_REQUEST_BYTES + 2));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    private static void stop(ScheduledFuture<?> ticker, Object lock, boolean[] answered) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        synchronized (lock) {
            answered[0] = true;
        }
    }

    private static void reply(SocketChannel client, String line) {
        try {
            write(client, line);
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void write(SocketChannel client, String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            client.write(b);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("control_requests", requests.get());
        m.put("control_bad_requests", badRequests.get());
        m.put("control_oversized_requests", oversized.get());
        m.put("control_busy_rejections", busy.get());
        m.put("control_timeouts", timeouts.get());
        m.put("control_handler_errors", handlerErrors.get());
        return m;
    }

    /** Stops accepting, ends open connections and removes the socket file (only if it is still this server's). */
    @Override
    public synchronized void close() {
        if (closed || server == null) {
            closed = true;
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
        watchdog.shutdownNow();
        try {
            Object key = Files.readAttributes(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
            if (key != null && key.equals(socketFileKey)) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            // already gone
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
