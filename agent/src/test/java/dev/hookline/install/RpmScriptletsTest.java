package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpmScriptletsTest {
    /** An .rpm's first bytes as rpm writes them: lead, a signature header (8-byte padded), the main header. */
    static byte[] rpm(Map<Integer, String> strings) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        byte[] lead = new byte[96];
        lead[0] = (byte) 0xED;
        lead[1] = (byte) 0xAB;
        lead[2] = (byte) 0xEE;
        lead[3] = (byte) 0xDB;
        d.write(lead);
        header(d, Map.of(1000, "sig-is-not-read"));
        int sigBytes = 16 + "sig-is-not-read".length() + 1;
        d.write(new byte[(8 - sigBytes % 8) % 8]);
        header(d, strings);
        d.write("payload".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private static void header(DataOutputStream d, Map<Integer, String> strings) throws IOException {
        ByteArrayOutputStream store = new ByteArrayOutputStream();
        d.writeInt(0x8EADE801);
        d.writeInt(0);
        d.writeInt(strings.size());
        int size = 0;
        for (String s : strings.values()) {
            size += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        d.writeInt(size);
        for (Map.Entry<Integer, String> e : strings.entrySet()) {
            d.writeInt(e.getKey());
            d.writeInt(6);
            d.writeInt(store.size());
            d.writeInt(1);
            store.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            store.write(0);
        }
        d.write(store.toByteArray());
    }

    static final class Probe extends InstallResolverTest.FakeProbe {
        final Map<String, byte[]> bytes = new HashMap<>();
        final Map<Long, Long> parents = new HashMap<>();
        final Map<Long, List<String>> argv = new HashMap<>();
        final Map<Long, List<String>> open = new HashMap<>();

        @Override
        public InputStream openBytes(String path) {
            byte[] b = bytes.get(path);
            return b == null ? null : new ByteArrayInputStream(b);
        }

        @Override
        public long parentPid(long pid) {
            return parents.getOrDefault(pid, -1L);
        }

        @Override
        public List<String> argv(long pid) {
            return argv.getOrDefault(pid, List.of());
        }

        @Override
        public List<String> openFiles(long pid) {
            return open.getOrDefault(pid, List.of());
        }
    }

    private static Map<Integer, String> pkg(String name, String post) {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(1000, name);
        m.put(1001, "2.3.4");
        m.put(1002, "1");
        m.put(1023, "echo pre of " + name);
        m.put(1024, post);
        return m;
    }

    @Test
    void theHeaderGivesNameVersionReleaseAndEachScriptletBody() throws Exception {
        RpmHeader h = RpmHeader.read(new ByteArrayInputStream(rpm(pkg("tool", "curl http://x"))));
        assertEquals("tool", h.name());
        assertEquals("2.3.4-1", h.versionRelease());
        assertEquals("%post", h.phaseOf("curl http://x\n"));
        assertEquals("%pre", h.phaseOf("RPM_INSTALL_PREFIX=/opt\nexport RPM_INSTALL_PREFIX\necho pre of tool"));
        assertNull(h.phaseOf("something else"));
    }

    @Test
    void aTruncatedOrForeignFileIsNoHeader() throws Exception {
        byte[] good = rpm(pkg("tool", "x"));
        for (int cut : new int[] {0, 10, 96, 120, good.length - 20}) {
            assertNull(RpmHeader.read(new ByteArrayInputStream(Arrays.copyOf(good, cut))), "cut at " + cut);
        }
        assertNull(RpmHeader.read(new ByteArrayInputStream("not an rpm at all, no lead magic".repeat(10)
                .getBytes(StandardCharsets.US_ASCII))));
        byte[] huge = good.clone();
        huge[96 + 8] = 0x7f; // the signature header's entry count: absurd
        assertNull(RpmHeader.read(new ByteArrayInputStream(huge)));
    }

    @Test
    void aScriptletsChildIsTheRpmWhosePostBodyIsTheTempFileTheScriptletRuns() throws Exception {
        // rpm 10 (cwd /home/u) -i a.rpm b.rpm, has b.rpm open; its scriptlet sh 11 runs /var/tmp/rpm-tmp.Ab12 with
        // b's %post; that sh's child curl 12 is what the collector asks about.
        Probe p = new Probe();
        p.bytes.put("/home/u/a.rpm", rpm(pkg("a", "echo a")));
        p.bytes.put("/home/u/b.rpm", rpm(pkg("b", "curl http://x")));
        p.bytes.put("/var/tmp/rpm-tmp.Ab12", "curl http://x\n".getBytes(StandardCharsets.UTF_8));
        p.parents.putAll(Map.of(12L, 11L, 11L, 10L, 10L, 1L));
        p.argv.put(10L, List.of("rpm", "-i", "a.rpm", "b.rpm"));
        p.argv.put(11L, List.of("/bin/sh", "/var/tmp/rpm-tmp.Ab12", "1"));
        p.cwd.put(10L, "/home/u");
        InstallResolver r = new InstallResolver(p);

        InstallContext sh = r.resolve(11, "/bin/sh", "/bin/sh /var/tmp/rpm-tmp.Ab12 1", "rpm", null);
        assertEquals(new InstallContext("rpm", "b", "2.3.4-1", "%post", null), sh);
        InstallContext curl = r.resolve(12, "/usr/bin/curl", "curl http://x", null,
                new InstallContext("rpm", null, null, "scriptlet", null));
        assertEquals(sh, curl, "the scriptlet found from its child, a level up");

        p.open.put(10L, List.of("/dev/null", "/var/lib/rpm/rpmdb.sqlite", "/home/u/a.rpm"));
        p.bytes.put("/var/tmp/rpm-tmp.Ab12", "echo pre of a".getBytes(StandardCharsets.UTF_8));
        assertEquals(new InstallContext("rpm", "a", "2.3.4-1", "%pre", null),
                new InstallResolver(p).resolve(11, "/bin/sh", "/bin/sh /var/tmp/rpm-tmp.Ab12 1", "rpm", null));
    }

    @Test
    void aScriptletWhoseTempFileIsGoneNamesTheOnlyPackageElseStaysUnidentified() throws Exception {
        Probe p = new Probe();
        p.bytes.put("/pkgs/b.rpm", rpm(pkg("b", "curl http://x")));
        p.parents.putAll(Map.of(11L, 10L));
        p.argv.put(10L, List.of("rpm", "-i", "/pkgs/b.rpm"));
        assertEquals(new InstallContext("rpm", "b", "2.3.4-1", "scriptlet", null),
                new InstallResolver(p).resolve(11, "/bin/sh", "/bin/sh /var/tmp/rpm-tmp.Zz 1", "rpm", null));

        p.bytes.put("/pkgs/a.rpm", rpm(pkg("a", "echo a")));
        p.argv.put(10L, List.of("rpm", "-i", "/pkgs/a.rpm", "/pkgs/b.rpm"));
        assertEquals(new InstallContext("rpm", null, null, "scriptlet", null),
                new InstallResolver(p).resolve(11, "/bin/sh", "/bin/sh /var/tmp/rpm-tmp.Zz 1", "rpm", null));
    }

    @Test
    void dnfAndYumAreRpmManagers() {
        assertEquals("rpm", Managers.of("dnf", "/usr/bin/dnf install x"));
        assertEquals("rpm", Managers.of("python3", "/usr/bin/python3 /usr/bin/dnf install x"));
        assertEquals("rpm", Managers.of("yum", "yum install x"));
    }
}
