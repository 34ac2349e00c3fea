package dev.hookline.linux.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other end of a reverse shell, on 127.0.0.1: accepts, sends "exit" so the shell ends at once, reads what it
 * says until it closes (bounded), and counts connections: proof the shell really connected.
 */
final class ShellListener implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread thread;

    ShellListener() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4);
        thread = new Thread(this::serve, "hookline-scenario-shell-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                accepted.incrementAndGet();
                s.setSoTimeout(5000);
                s.getOutputStream().write("exit\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                while (in.read(buf) >= 0) {
                    // drain the shell's prompt and messages until it exits
                }
            } catch (IOException e) {
                // closed, or the shell went away: the count says whether it connected
            }
        }
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
