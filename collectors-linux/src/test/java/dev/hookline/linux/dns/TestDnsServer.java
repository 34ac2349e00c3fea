package dev.hookline.linux.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * A loopback DNS server for tests in other packages: answers over UDP with the fixed zone of
 * {@link DnsSnifferEndToEndTest} (registry.hookline.test A 127.1.2.3; cdn.hookline.test CNAME
 * edge.hookline-cdn.test A 127.1.2.4).
 */
public final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;

    public TestDnsServer(InetSocketAddress at) throws IOException {
        socket = new DatagramSocket(at);
        Thread t = new Thread(() -> {
            byte[] buf = new byte[512];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket q = new DatagramPacket(buf, buf.length);
                    socket.receive(q);
                    byte[] r = DnsSnifferEndToEndTest.respond(q.getData(), q.getLength());
                    socket.send(new DatagramPacket(r, r.length, q.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-dns");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        socket.close();
    }
}
