package dev.hookline.linux.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.net.DnsCache;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real query to a tiny DNS responder on a loopback address, over UDP (v4 and v6) and TCP, while the sniffer
 * watches every interface: the answered addresses must land in the cache under the name that was asked.
 */
class DnsSnifferEndToEndTest {
    private static final String SERVER_V4 = "127.0.0.153";
    private DnsSniffer sniffer;
    private final DnsCache cache = new DnsCache(1000, 60, 3600);
    private final List<AutoCloseable> servers = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sniffer = new DnsSniffer(cache);
        try {
            sniffer.start();
        } catch (IOException e) {
            Assumptions.assumeTrue(false, "AF_PACKET capture unavailable on this OS: " + e.getMessage());
        }
    }

    @AfterEach
    void stop() throws Exception {
        sniffer.close();
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    /** The answer section for a name: A/AAAA literals or "CNAME target" entries, each with the owner it belongs to. */
    static byte[] respond(byte[] query, int qlen) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 12;
        StringBuilder name = new StringBuilder();
        while (query[p] != 0) {
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(query, p + 1, query[p], StandardCharsets.US_ASCII));
            p += query[p] + 1;
        }
        int qend = p + 5;
        out.write(query, 0, 2);
        Wire answers = new Wire();
        int count;
        switch (name.toString()) {
            case "registry.hookline.test":
                answers.hex("c00c 0001 0001 0000012c 0004 7f010203"); // 127.1.2.3
                count = 1;
                break;
            case "cdn.hookline.test": {
                // cdn.hookline.test CNAME edge.hookline-cdn.test; edge... A 127.1.2.4
                int target = qend + 12;
                answers.hex("c00c 0005 0001 00000e10 0018").name("edge.hookline-cdn.test");
                answers.hex(String.format("c0%02x 0001 0001 0000001e 0004 7f010204", target));
                count = 2;
                break;
            }
            case "v6.hookline.test":
                answers.hex("c00c 001c 0001 0000012c 0010 fd000000000000000000000000001234");
                count = 1;
                break;
            case "tcp.hookline.test":
                answers.hex("c00c 0001 0001 0000012c 0004 7f010205");
                count = 1;
                break;
            default:
                count = 0;
        }
        out.write(new Wire().hex(String.format("8180 0001 %04x 0000 0000", count)).bytes(), 0, 10);
        out.write(query, 12, qend - 12);
        byte[] a = answers.bytes();
        out.write(a, 0, a.length);
        return out.toByteArray();
    }

    private void udpResponder(InetSocketAddress at) throws IOException {
        servers.add(new TestDnsServer(at));
    }

    private static byte[] query(String name, int type) {
        return new Wire().hex("beef 0100 0001 0000 0000 0000").name(name).hex(String.format("%04x 0001", type)).bytes();
    }

    private static void askUdp(InetSocketAddress server, String name, int type) throws IOException {
        try (DatagramSocket c = new DatagramSocket()) {
            c.setSoTimeout(2000);
            byte[] q = query(name, type);
            c.send(new DatagramPacket(q, q.length, server));
            DatagramPacket r = new DatagramPacket(new byte[512], 512);
            c.receive(r);
        }
    }

    private String await(String ip) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String name;
        while ((name = cache.lookup(ip, System.nanoTime())) == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return name;
    }

    @Test
    void udpAnswerOnLoopbackMapsIpToName() throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(SERVER_V4), 53);
        udpResponder(server);
        askUdp(server, "registry.hookline.test", 1);
        assertEquals("registry.hookline.test", await("127.1.2.3"));
        // The answer reaches the cache just before the parser's result is counted: wait for the count too.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (sniffer.counters().get("responses") < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Map<String, Long> c = sniffer.counters();
        assertTrue(c.get("responses") >= 1, c.toString());
        assertEquals(0L, c.get("malformed"), c.toString());
    }

    @Test
    void cnameChainMapsToTheAskedName() throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(SERVER_V4), 53);
        udpResponder(server);
        askUdp(server, "cdn.hookline.test", 1);
        assertEquals("cdn.hookline.test", await("127.1.2.4"));
    }

    @Test
    void ipv6TransportAndAaaaAnswer() throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("::1"), 53);
        try {
            udpResponder(server);
        } catch (IOException e) {
            Assumptions.assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
        }
        askUdp(server, "v6.hookline.test", 28);
        assertEquals("v6.hookline.test", await("fd00::1234"));
    }

    @Test
    void tcpAnswerInOneSegment() throws Exception {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getByName(SERVER_V4), 53));
        servers.add(ss);
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                byte[] r = respond(q, q.length);
                byte[] framed = new byte[r.length + 2];
                framed[0] = (byte) (r.length >> 8);
                framed[1] = (byte) r.length;
                System.arraycopy(r, 0, framed, 2, r.length);
                s.getOutputStream().write(framed);
                s.getOutputStream().flush();
                in.read(); // wait for the client to close
            } catch (IOException ignored) {
                // the test's assertion reports what went wrong
            }
        });
        t.setDaemon(true);
        t.start();
        try (Socket c = new Socket()) {
            c.connect(ss.getLocalSocketAddress(), 2000);
            c.setTcpNoDelay(true);
            byte[] q = query("tcp.hookline.test", 1);
            OutputStream o = c.getOutputStream();
            o.write(new byte[]{(byte) (q.length >> 8), (byte) q.length});
            o.write(q);
            DataInputStream in = new DataInputStream(c.getInputStream());
            in.readFully(new byte[in.readUnsignedShort()]);
        }
        assertEquals("tcp.hookline.test", await("127.1.2.5"));
    }
}
