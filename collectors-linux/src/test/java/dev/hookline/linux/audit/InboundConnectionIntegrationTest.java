package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A python3 server on the real kernel: one ListeningConnectionCreated row and one InboundConnectionAccepted row. */
class InboundConnectionIntegrationTest {
    static final String SERVER = String.join("\n",
            "import socket, sys",
            "s = socket.socket()",
            "s.bind(('127.0.0.1', 0))",
            "s.listen(5)",
            "print(s.getsockname()[1], flush=True)",
            "c, a = s.accept()",
            "c.recv(1)",
            "c.close()",
            "s.close()");

    @BeforeAll
    static void requireAudit() {
        KernelAudit.assumeAvailable();
    }

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    @Test
    void pythonServerListensAndAcceptsOneConnection() throws Exception {
        TestContext ctx = new TestContext(Map.of());
        try (AuditCollector c = new AuditCollector(ctx, ctx.settings(AuditSettings.DEFAULTS))) {
            c.start();
            Process server = new ProcessBuilder(python(), "-c", SERVER).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            int port = Integer.parseInt(out.readLine().trim());
            int clientPort;
            try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                clientPort = client.getLocalPort();
                // Stay connected while the collector borrows the accepted socket.
                Thread.sleep(1000);
                client.getOutputStream().write('x');
            }
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            Predicate<Event> listening = e -> e.table() == Table.DeviceNetworkEvents
                    && "ListeningConnectionCreated".equals(e.getString(Columns.ACTION_TYPE))
                    && e.getLong(Columns.LOCAL_PORT) == port;
            Predicate<Event> accepted = e -> e.table() == Table.DeviceNetworkEvents
                    && "InboundConnectionAccepted".equals(e.getString(Columns.ACTION_TYPE))
                    && e.getLong(Columns.LOCAL_PORT) == port;
            Event l = ctx.await(listening, 10_000);
            Event a = ctx.await(accepted, 10_000);
            assertNotNull(l, "no ListeningConnectionCreated row; got " + ctx.snapshot() + " counters " + c.counters());
            assertNotNull(a, "no InboundConnectionAccepted row; got " + ctx.snapshot() + " counters " + c.counters());
            System.out.println("listen row: " + l);
            System.out.println("accept row: " + a);
            Thread.sleep(500);
            List<Event> rows = ctx.snapshot();
            assertEquals(1, rows.stream().filter(listening).count(), "one listen row");
            assertEquals(1, rows.stream().filter(accepted).count(), "one accept row");

            assertEquals("127.0.0.1", l.getString(Columns.LOCAL_IP));
            assertEquals("Loopback", l.getString(Columns.LOCAL_IP_TYPE));
            assertEquals("Tcp", l.getString(Columns.PROTOCOL));
            assertNull(l.getString(Columns.REMOTE_IP));
            assertEquals(server.pid(), l.getLong(Columns.INITIATING_PROCESS_ID));
            assertTrue(l.getString(Columns.INITIATING_PROCESS_FILE_NAME).startsWith("python3"),
                    l.getString(Columns.INITIATING_PROCESS_FILE_NAME));
            assertTrue(l.getString(Columns.INITIATING_PROCESS_COMMAND_LINE).contains("s.listen(5)"),
                    l.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
            assertEquals(ProcessHandle.current().pid(), l.getLong(Columns.INITIATING_PROCESS_PARENT_ID));

            assertEquals("127.0.0.1", a.getString(Columns.REMOTE_IP));
            assertEquals(clientPort, a.getLong(Columns.REMOTE_PORT));
            assertEquals("Loopback", a.getString(Columns.REMOTE_IP_TYPE));
            assertEquals("127.0.0.1", a.getString(Columns.LOCAL_IP));
            assertEquals("Loopback", a.getString(Columns.LOCAL_IP_TYPE));
            assertEquals("Tcp", a.getString(Columns.PROTOCOL));
            assertEquals(server.pid(), a.getLong(Columns.INITIATING_PROCESS_ID));
            assertTrue(a.getString(Columns.INITIATING_PROCESS_FILE_NAME).startsWith("python3"));
            assertNull(a.getString(Columns.ADDITIONAL_FIELDS), "everything came from the record and the socket");
        }
    }
}
