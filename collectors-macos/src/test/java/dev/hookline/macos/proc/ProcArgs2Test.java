package dev.hookline.macos.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcArgs2Test {
    static byte[] buffer(int argc, String exec, int pad, String... strings) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(argc);
        o.write(argc >> 8);
        o.write(argc >> 16);
        o.write(argc >> 24);
        o.writeBytes(exec.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < pad; i++) {
            o.write(0);
        }
        for (String s : strings) {
            o.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            o.write(0);
        }
        return o.toByteArray();
    }

    @Test
    void readsArgvAndStopsBeforeTheEnvironment() {
        byte[] b = buffer(3, "/usr/local/bin/node", 5, "node", "/usr/local/bin/npm", "install", "TOKEN=secret");
        ProcArgs2.Args a = ProcArgs2.parse(b, b.length);
        assertEquals("/usr/local/bin/node", a.execPath());
        assertEquals(List.of("node", "/usr/local/bin/npm", "install"), a.argv());
        assertTrue(a.complete());
    }

    @Test
    void aShortBufferGivesWhatItHas() {
        byte[] b = buffer(3, "/bin/sh", 1, "sh", "-c");
        ProcArgs2.Args a = ProcArgs2.parse(b, b.length);
        assertEquals(List.of("sh", "-c"), a.argv());
        assertFalse(a.complete());
        assertFalse(ProcArgs2.parse(new byte[2], 2).complete());
        assertEquals(List.of(), ProcArgs2.parse(buffer(-5, "/x", 1), 8).argv());
    }
}
