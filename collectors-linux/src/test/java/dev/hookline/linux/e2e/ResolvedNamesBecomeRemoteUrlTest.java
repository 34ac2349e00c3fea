package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.linux.dns.TestDnsServer;
import dev.hookline.linux.scenario.Programs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RemoteUrl from observed DNS, end to end: a process asks a DNS server (on a loopback address the test starts) for a
 * name, connects to the answer, and the agent's DeviceNetworkEvents row carries the name it asked for, through a
 * CNAME chain too. Nothing in the process tells the agent the name: only the DNS answer on the wire does.
 */
class ResolvedNamesBecomeRemoteUrlTest {
    /** Resolves with a hand-written query to the test server (the system resolver does not know it), then connects. */
    private static final String CLIENT = String.join("\n",
            "import socket, struct, sys",
            "name, port = sys.argv[1], int(sys.argv[2])",
            "q = struct.pack('>HHHHHH', 0x1234, 0x0100, 1, 0, 0, 0)",
            "q += b''.join(bytes([len(l)]) + l.encode() for l in name.split('.')) + b'\\0' + struct.pack('>HH', 1, 1)",
            "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(2)",
            "u.sendto(q, ('127.0.0.153', 53)); r = u.recv(512)",
            "ip = socket.inet_ntoa(r[-4:])  # the last answer is the A record",
            "s = socket.create_connection((ip, port), timeout=2); s.close()",
            "print(ip)");

    @Test
    void theNameTheProcessAskedForIsTheRowsRemoteUrl(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Path python = Facilities.assumeProgram("python3");
        try (TestDnsServer dns = new TestDnsServer(new InetSocketAddress(InetAddress.getByName("127.0.0.153"), 53));
             ServerSocket direct = new ServerSocket(0, 16, InetAddress.getByName("127.1.2.3"));
             ServerSocket viaCname = new ServerSocket(direct.getLocalPort(), 16, InetAddress.getByName("127.1.2.4"));
             LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            int port = direct.getLocalPort();
            for (String name : List.of("registry.hookline.test", "cdn.hookline.test")) {
                Programs.Result r = Programs.run(tmp, Map.of(), 30,
                        List.of(python.toString(), "-c", CLIENT, name, Integer.toString(port)));
                assertEquals(0, r.exit(), r.output());
            }
            Map<String, String> urls = new java.util.HashMap<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (urls.size() < 2 && System.nanoTime() < deadline) {
                for (Map<String, Object> row : agent.query("DeviceNetworkEvents | where RemotePort == " + port
                        + " | project RemoteIP, RemoteUrl")) {
                    urls.put(String.valueOf(row.get("RemoteIP")), String.valueOf(row.get("RemoteUrl")));
                }
                Thread.sleep(100);
            }
            assertEquals("registry.hookline.test", urls.get("127.1.2.3"), urls + agent.diagnostics());
            assertEquals("cdn.hookline.test", urls.get("127.1.2.4"), urls + agent.diagnostics());
        }
    }
}
