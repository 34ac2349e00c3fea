package dev.hookline.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "any TCP load balancer" in front of the collectors, for the fleet bench: round robin over the backends,
 * a backend that refuses the connection skipped (a killed collector's port is closed), the bytes piped both ways.
 * Layer 4 only: TLS, HTTP and the agents' retries pass through untouched, as with HAProxy in TCP mode or a cloud
 * network load balancer.
 */
final class LoopbackBalancer implements Closeable {
    private final ServerSocket server;
    private final List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    LoopbackBalancer(List<Integer> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "balancer-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections a backend refused (and the next one took). */
    int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Socket backend = connect();
            if (backend == null) {
                close(client);
                continue;
            }
            pipe(client, backend);
            pipe(backend, client);
        }
    }

    private Socket connect() {
        int start = Math.floorMod(next.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size(); i++) {
            int port = backends.get((start + i) % backends.size());
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return s;
            } catch (IOException e) {
                refused.incrementAndGet();
                close(s);
            }
        }
        return null;
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[32 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // one side went away: so does the other
            } finally {
                close(from);
                close(to);
            }
        }, "balancer-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
