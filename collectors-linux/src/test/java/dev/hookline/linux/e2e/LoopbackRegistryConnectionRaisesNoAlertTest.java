package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.linux.scenario.LoopbackHttp;
import dev.hookline.linux.scenario.Programs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry confusion on loopback: node connects to a "registry" on 127.0.0.1:4873 (Verdaccio's port). The agent
 * records the connection as a Loopback row, and the seed's network arm stays quiet, as the published query does
 * (it only looks at RemoteIPType "Public").
 */
class LoopbackRegistryConnectionRaisesNoAlertTest {
    private static final int VERDACCIO_PORT = 4873;

    private static ServerSocket listen() throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(lo, VERDACCIO_PORT), 16);
        } catch (IOException taken) {
            s.bind(new InetSocketAddress(lo, 0), 16);
            System.out.println("port " + VERDACCIO_PORT + " is taken; the fake registry listens on " + s.getLocalPort());
        }
        return s;
    }

    @Test
    void nodeToALoopbackRegistryIsRecordedButNotAlerted(@TempDir Path tmp) throws Exception {
        Facilities.assumeAgentCanRun();
        Path node = Facilities.assumeProgram("node");
        Facilities.assumeProgram("curl");
        try (ServerSocket registry = listen(); LoopbackHttp http = new LoopbackHttp();
             LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            int port = registry.getLocalPort();
            // Connect, then (as a barrier) start a hook-like shell: the rules see events in collector order, so
            // once the shell's alert is in the file the connection before it has been evaluated too.
            String js = "const net=require('net'),cp=require('child_process');"
                    + "const s=net.connect(" + port + ",'127.0.0.1',()=>{s.end();"
                    + "cp.execFileSync('/bin/sh',['-c','curl http://127.0.0.1:" + http.port() + "/barrier -s -m 1']);"
                    + "process.exit(0)});s.on('error',e=>{console.error(e);process.exit(2)});";
            Programs.Result r = Programs.run(tmp, Map.of(), 30, List.of(node.toString(), "-e", js));
            assertEquals(0, r.exit(), r.output());
            assertEquals(1, http.hits("/barrier"), r.output());

            JsonNode barrier = agent.awaitAlert(a -> a.path("Row").path("ProcessCommandLine").asText()
                    .contains("/barrier"), r.finishedNanos(), 2000);
            assertNotNull(barrier, "the barrier shell was not alerted within 2 s" + agent.diagnostics());

            List<Map<String, Object>> rows = agent.query("DeviceNetworkEvents | where RemotePort == " + port
                    + " and InitiatingProcessFileName == \"node\" | project ActionType, RemoteIP, RemoteIPType,"
                    + " RemotePort, LocalIP, LocalIPType, Protocol, InitiatingProcessFileName,"
                    + " InitiatingProcessCommandLine");
            assertEquals(1, rows.size(), rows + agent.diagnostics());
            Map<String, Object> row = rows.get(0);
            assertEquals("ConnectionSuccess", row.get("ActionType"), row.toString());
            assertEquals("127.0.0.1", row.get("RemoteIP"), row.toString());
            assertEquals("Loopback", row.get("RemoteIPType"), row.toString());
            assertEquals(port, ((Number) row.get("RemotePort")).intValue(), row.toString());

            for (JsonNode a : agent.alerts()) {
                assertNotEquals("PackageManagerUnexpectedExternalConnection", a.path("Arm").asText(),
                        "the network arm fired for a loopback registry: " + a);
            }
        }
    }
}
