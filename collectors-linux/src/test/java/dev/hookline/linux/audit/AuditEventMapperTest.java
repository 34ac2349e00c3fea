package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.collector.HostIdentity;
import dev.hookline.linux.proc.Passwd;
import dev.hookline.linux.proc.ProcessLifecycle;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Literal audit records in, MDE rows out: no kernel needed. */
class AuditEventMapperTest {
    @TempDir
    Path dir;
    final List<Event> rows = new ArrayList<>();
    final AuditCounters counters = new AuditCounters();
    final ProcessTable table = new ProcessTable(60_000_000_000L);
    AuditAssembler asm;

    @BeforeEach
    void setUp() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        AuditEventMapper m = new AuditEventMapper(e -> rows.add(e.copy()), new ProcessLifecycle(table, null),
                new Passwd(passwd, "box"), new HostIdentity("box", "id1"), null, counters);
        asm = new AuditAssembler(m, counters);
        Account root = new Account("root", "box", "0");
        table.put(new ProcessInfo(100, 1, 1_000_000_000L, "/usr/bin/bash", "-bash", 0, root));
        table.put(new ProcessInfo(200, 100, 1_600_000_000_000_000_000L, "/usr/bin/dash", "sh -c x", 0, root));
    }

    void feed(long serial, String... typeAndBody) {
        for (String tb : typeAndBody) {
            int sp = tb.indexOf(' ');
            asm.add(AuditRecord.parse(Integer.parseInt(tb.substring(0, sp)),
                    "audit(1700000000.250:" + serial + "): " + tb.substring(sp + 1)), 0);
        }
    }

    @Test
    void execBecomesProcessCreatedWithParentAsInitiator() {
        feed(20,
                "1300 arch=c000003e syscall=59 success=yes exit=0 a0=55 a1=56 a2=57 a3=0 items=2 ppid=200 pid=201 "
                        + "auid=1000 uid=1000 gid=1000 euid=1000 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"hookline\"",
                "1309 argc=3 a0=\"curl\" a1=\"-o\" a2=2F746D702F6D792066696C65",
                "1307 cwd=\"/home/alice\"",
                "1302 item=0 name=\"/usr/bin/curl\" inode=1 nametype=NORMAL",
                "1327 proctitle=6375726C002D6F",
                "1320 ");
        assertEquals(1, rows.size());
        Event e = rows.get(0);
        assertEquals(Table.DeviceProcessEvents, e.table());
        assertEquals("ProcessCreated", e.getString(Columns.ACTION_TYPE));
        assertEquals("curl", e.getString(Columns.FILE_NAME));
        assertEquals("/usr/bin/curl", e.getString(Columns.FOLDER_PATH));
        assertEquals("curl -o \"/tmp/my file\"", e.getString(Columns.PROCESS_COMMAND_LINE));
        assertEquals(201, e.getLong(Columns.PROCESS_ID));
        assertEquals(1_700_000_000_250_000_000L, e.getLong(Columns.PROCESS_CREATION_TIME));
        assertEquals(1_700_000_000_250_000_000L, e.getLong(Columns.TIMESTAMP));
        assertEquals("alice", e.getString(Columns.ACCOUNT_NAME));
        assertEquals("1000", e.getString(Columns.ACCOUNT_SID));
        assertEquals("box", e.getString(Columns.ACCOUNT_DOMAIN));
        assertEquals("dash", e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("/usr/bin/dash", e.getString(Columns.INITIATING_PROCESS_FOLDER_PATH));
        assertEquals(200, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals(100, e.getLong(Columns.INITIATING_PROCESS_PARENT_ID));
        assertEquals("bash", e.getString(Columns.INITIATING_PROCESS_PARENT_FILE_NAME));
        assertEquals("box", e.getString(Columns.DEVICE_NAME));
        assertEquals("id1", e.getString(Columns.DEVICE_ID));
        assertEquals(20, e.getLong(Columns.REPORT_ID));
        assertNull(e.getString(Columns.ADDITIONAL_FIELDS));
        // The table now knows 201 as curl, so a child of 201 gets curl as its initiator.
        assertEquals("/usr/bin/curl", table.get(201).imagePath());
    }

    /**
     * An npm postinstall that is one shell builtin: the process is gone (no /proc, the probe here knows nothing)
     * when its records are read, and its exec's CWD record names the package; the version from its package.json.
     */
    @Test
    void aGoneLifecycleScriptIsNamedByItsExecsCwdRecord() throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("app/node_modules/@acme/evil"));
        Files.writeString(pkg.resolve("package.json"), "{\"name\":\"@acme/evil\",\"version\":\"1.2.3\"}");
        dev.hookline.install.InstallProbe files = new dev.hookline.install.InstallProbe() {
            @Override
            public java.util.Map<String, String> environ(long pid) {
                return null;
            }

            @Override
            public String cwd(long pid) {
                return null;
            }

            @Override
            public java.io.BufferedReader open(String path) {
                try {
                    return Files.newBufferedReader(Path.of(path));
                } catch (java.io.IOException e) {
                    return null;
                }
            }
        };
        AuditEventMapper m = new AuditEventMapper(e -> rows.add(e.copy()), new ProcessLifecycle(table, null),
                new Passwd(dir.resolve("passwd"), "box"), new HostIdentity("box", "id1"), null, counters, null, null,
                null, new dev.hookline.install.InstallResolver(files), null);
        AuditAssembler npmAsm = new AuditAssembler(m, counters);
        table.put(new ProcessInfo(400, 100, 1_000_000_000L, "/usr/bin/node", "node /usr/bin/npm ci", 0,
                new Account("root", "box", "0")));
        for (String tb : new String[]{
                "1300 arch=c000003e syscall=59 success=yes exit=0 ppid=400 pid=401 uid=0 euid=0 exe=\"/usr/bin/dash\"",
                "1309 argc=3 a0=\"sh\" a1=\"-c\" a2=\"printf x > /etc/hosts\"",
                "1307 cwd=\"" + pkg + "\"",
                "1320 "}) {
            int sp = tb.indexOf(' ');
            npmAsm.add(AuditRecord.parse(Integer.parseInt(tb.substring(0, sp)),
                    "audit(1700000000.250:40): " + tb.substring(sp + 1)), 0);
        }
        assertEquals(new dev.hookline.install.InstallContext("npm", "@acme/evil", "1.2.3", null,
                dir.resolve("app").toString()), table.get(401).install());
        String notes = rows.get(0).getString(Columns.ADDITIONAL_FIELDS);
        assertTrue(notes.contains("\"InstallPackage\":\"@acme/evil\""), notes);
        // the same exec without its CWD record (exclude_record_types: [CWD, PATH]): the manager only
        for (String tb : new String[]{
                "1300 arch=c000003e syscall=59 success=yes exit=0 ppid=400 pid=402 uid=0 euid=0 exe=\"/usr/bin/dash\"",
                "1309 argc=3 a0=\"sh\" a1=\"-c\" a2=\"printf x > /etc/hosts\"",
                "1320 "}) {
            int sp = tb.indexOf(' ');
            npmAsm.add(AuditRecord.parse(Integer.parseInt(tb.substring(0, sp)),
                    "audit(1700000000.260:41): " + tb.substring(sp + 1)), 0);
        }
        assertEquals(new dev.hookline.install.InstallContext("npm", null, null, null, null), table.get(402).install());
    }

    @Test
    void execWithoutForkStillUsesTheParentNotThePreviousImage() {
        // pid 200 (dash) execs itself into /usr/bin/true: initiator is the ppid 100 (bash), not dash.
        feed(21, "1300 arch=c000003e syscall=59 success=yes exit=0 ppid=100 pid=200 uid=0 euid=0 exe=\"/usr/bin/true\"",
                "1309 argc=1 a0=\"true\"", "1320 ");
        assertEquals("bash", rows.get(0).getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("/usr/bin/true", table.get(200).imagePath());
    }

    @Test
    void incompleteArgvIsNotedInAdditionalFields() {
        feed(22, "1300 arch=c000003e syscall=59 success=yes exit=0 ppid=100 pid=300 uid=0 euid=0 exe=\"/usr/bin/ls\"",
                "1309 argc=3 a0=\"ls\" a2=\"/tmp\"", "1320 ");
        Event e = rows.get(0);
        assertEquals("ls /tmp", e.getString(Columns.PROCESS_COMMAND_LINE));
        assertTrue(e.getString(Columns.ADDITIONAL_FIELDS).contains("missing arguments [1]"),
                e.getString(Columns.ADDITIONAL_FIELDS));
        assertEquals(1, counters.argvIncomplete.get());
    }

    @Test
    void withoutExecveRecordsTheProctitleIsUsedAndSaidSo() {
        feed(23, "1300 arch=c000003e syscall=59 success=yes exit=0 ppid=100 pid=301 uid=0 euid=0 exe=\"/usr/bin/id\"",
                "1327 proctitle=6964002D75");
        Event e = rows.get(0);
        assertEquals("id -u", e.getString(Columns.PROCESS_COMMAND_LINE));
        assertTrue(e.getString(Columns.ADDITIONAL_FIELDS).contains("\"CommandLineSource\":\"proctitle\""));
    }

    @Test
    void failedExecIsCountedNotReported() {
        feed(24, "1300 arch=c000003e syscall=59 success=no exit=-2 ppid=100 pid=302 uid=0 euid=0 exe=\"/usr/bin/bash\"",
                "1320 ");
        assertTrue(rows.isEmpty());
        assertEquals(1, counters.execFailed.get());
    }

    @Test
    void connectOutcomesMapToActionTypes() {
        String v4 = "1306 saddr=020001BB5DB8D8220000000000000000"; // 93.184.216.34:443
        feed(30, "1300 arch=c000003e syscall=42 success=yes exit=0 a0=3 ppid=100 pid=200 uid=0 euid=0 exe=\"/usr/bin/dash\"", v4, "1320 ");
        feed(31, "1300 arch=c000003e syscall=42 success=no exit=-115 a0=3 ppid=100 pid=200 uid=0 euid=0 exe=\"/usr/bin/dash\"", v4, "1320 ");
        feed(32, "1300 arch=c000003e syscall=42 success=no exit=-111 a0=3 ppid=100 pid=200 uid=0 euid=0 exe=\"/usr/bin/dash\"", v4, "1320 ");
        assertEquals(3, rows.size());
        assertEquals("ConnectionSuccess", rows.get(0).getString(Columns.ACTION_TYPE));
        assertEquals("ConnectionAttempt", rows.get(1).getString(Columns.ACTION_TYPE));
        assertEquals("ConnectionFailed", rows.get(2).getString(Columns.ACTION_TYPE));
        assertTrue(rows.get(2).getString(Columns.ADDITIONAL_FIELDS).contains("\"Errno\":111"));
        Event e = rows.get(0);
        assertEquals(Table.DeviceNetworkEvents, e.table());
        assertEquals("93.184.216.34", e.getString(Columns.REMOTE_IP));
        assertEquals(443, e.getLong(Columns.REMOTE_PORT));
        assertEquals("Public", e.getString(Columns.REMOTE_IP_TYPE));
        assertEquals("dash", e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals(200, e.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals("bash", e.getString(Columns.INITIATING_PROCESS_PARENT_FILE_NAME));
        assertEquals(3, counters.networkEvents.get());
    }

    @Test
    void ipv6AndMappedAddressesAreFormattedAndClassified() {
        feed(40, "1300 arch=c000003e syscall=42 success=yes exit=0 a0=3 ppid=100 pid=200 uid=0 euid=0",
                "1306 saddr=0A00005000000000FE800000000000000000000000000001" + "02000000", "1320 ");
        feed(41, "1300 arch=c000003e syscall=42 success=yes exit=0 a0=3 ppid=100 pid=200 uid=0 euid=0",
                "1306 saddr=0A0000500000000000000000000000000000FFFF7F000001" + "00000000", "1320 ");
        assertEquals("fe80::1", rows.get(0).getString(Columns.REMOTE_IP));
        assertEquals("LinkLocal", rows.get(0).getString(Columns.REMOTE_IP_TYPE));
        assertEquals("::ffff:127.0.0.1", rows.get(1).getString(Columns.REMOTE_IP));
        assertEquals("FourToSixMapping", rows.get(1).getString(Columns.REMOTE_IP_TYPE));
    }

    @Test
    void unixSocketConnectsAreIgnored() {
        feed(50, "1300 arch=c000003e syscall=42 success=yes exit=0 a0=3 ppid=100 pid=200 uid=0 euid=0",
                "1306 saddr=01002F72756E2F7379736C6F67", "1320 ");
        assertTrue(rows.isEmpty());
        assertEquals(1, counters.connectNotIp.get());
    }

    @Test
    void unknownConnectingProcessIsDescribedFromTheRecord() {
        feed(51, "1300 arch=c000003e syscall=42 success=yes exit=0 a0=3 ppid=1 pid=99999999 uid=1000 euid=1000 "
                        + "exe=\"/usr/bin/wget\"",
                "1306 saddr=02000050C0A800010000000000000000", "1327 proctitle=77676574006874747020", "1320 ");
        Event e = rows.get(0);
        assertEquals("wget", e.getString(Columns.INITIATING_PROCESS_FILE_NAME));
        assertEquals("wget \"http \"", e.getString(Columns.INITIATING_PROCESS_COMMAND_LINE));
        assertEquals("alice", e.getString(Columns.INITIATING_PROCESS_ACCOUNT_NAME));
        assertEquals("Private", e.getString(Columns.REMOTE_IP_TYPE));
    }

    @Test
    void eventsWithoutSyscallAreIgnored() {
        feed(60, "1305 op=add_rule key=\"x\" list=4 res=1");
        asm.flush();
        assertTrue(rows.isEmpty());
        assertEquals(1, counters.eventsIgnored.get());
    }

    @Test
    void nonBlockingConnectAlreadyEstablishedWhenReadIsASuccess() {
        // node, Go and most event loops connect non-blocking: exit -115 (EINPROGRESS). When the borrowed socket is
        // connected to that peer by the time the record is read, the connection did succeed.
        List<Event> out = new ArrayList<>();
        boolean[] connected = {true};
        SocketInspector inspector = new SocketInspector() {
            @Override
            public Info inspect(long pid, long fd, SockAddr expectedRemote) {
                return new Info("Tcp", new byte[] {127, 0, 0, 1}, 40000,
                        connected[0] ? expectedRemote : null, connected[0]);
            }
        };
        AuditAssembler a = new AuditAssembler(new AuditEventMapper(e -> out.add(e.copy()),
                new ProcessLifecycle(table, null), new Passwd(dir.resolve("passwd"), "box"),
                new HostIdentity("box", "id1"), inspector, counters), counters);
        String lo = "saddr=02001309" + "7F000001" + "0000000000000000"; // 127.0.0.1:4873
        for (long serial = 40; serial <= 41; serial++) {
            connected[0] = serial == 40;
            a.add(AuditRecord.parse(1300, "audit(1700000000.250:" + serial + "): arch=c000003e syscall=42 success=no "
                    + "exit=-115 a0=3 ppid=100 pid=200 uid=0 euid=0 exe=\"/usr/bin/node\""), 0);
            a.add(AuditRecord.parse(1306, "audit(1700000000.250:" + serial + "): " + lo), 0);
            a.add(AuditRecord.parse(1320, "audit(1700000000.250:" + serial + "): "), 0);
        }
        assertEquals(2, out.size());
        assertEquals("ConnectionSuccess", out.get(0).getString(Columns.ACTION_TYPE));
        assertEquals("Tcp", out.get(0).getString(Columns.PROTOCOL));
        assertEquals(4873, out.get(0).getLong(Columns.REMOTE_PORT));
        assertEquals("Loopback", out.get(0).getString(Columns.REMOTE_IP_TYPE));
        assertEquals("ConnectionAttempt", out.get(1).getString(Columns.ACTION_TYPE));
    }
}
