package dev.hookline.linux.scenario;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening Unix socket named docker.sock in the scenario's work dir that answers every HTTP request with the
 * JSON of Docker's {@code GET /version}, and counts requests: proof the install script really talked to it. No
 * docker engine runs on the test machines, and /var/run/docker.sock is never created: the rule keys on the
 * socket's name in the client's command line (the schema has no rows for connect() on Unix sockets), so a socket
 * of that name anywhere exercises it.
 */
final class FakeDockerSocket implements AutoCloseable {
    private static final byte[] VERSION = "{\"Version\":\"0.0.0-hookline-scenario\",\"ApiVersion\":\"1.43\"}"
            .getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final AtomicInteger requests = new AtomicInteger();

    FakeDockerSocket(Path dir) throws IOException {
        this.path = dir.resolve("docker.sock");
        if (path.toString().getBytes(StandardCharsets.UTF_8).length > 100) { // sun_path holds 108 bytes
            throw new IOException("socket path too long for a Unix socket: " + path);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        acceptor = new Thread(this::serve, "hookline-scenario-docker-sock");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path path() {
        return path;
    }

    int requests() {
        return requests.get();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer in = ByteBuffer.allocate(8192);
                String head = "";
                while (!head.contains("\r\n\r\n") && c.read(in) > 0) { // the request head; curl sends no body
                    head = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
                }
                requests.incrementAndGet();
                byte[] h = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + VERSION.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                c.write(ByteBuffer.wrap(h));
                c.write(ByteBuffer.wrap(VERSION));
            } catch (IOException closedOrReset) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
