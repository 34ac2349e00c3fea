package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hookline.install.InstallContext;
import dev.hookline.install.InstallProbe;
import dev.hookline.install.InstallResolver;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import java.io.BufferedReader;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A writer the table does not know yet (its exec's audit records come after the hold time on a loaded host) is read
 * from /proc, and gets the install context its exec would have: here the writer is a real child of this JVM, and
 * the JVM's entry in the table plays npm.
 */
class InitiatorLookupInstallContextTest {
    private final ProcessTable table = new ProcessTable(60_000_000_000L);
    private final long self = ProcessHandle.current().pid();
    private Process child;

    /** The writer's environment as npm sets it for a lifecycle script; nothing else is known. */
    private InstallResolver resolverSeeing(long pid, Map<String, String> env) {
        return new InstallResolver(new InstallProbe() {
            @Override
            public Map<String, String> environ(long p) {
                return p == pid ? env : null;
            }

            @Override
            public String cwd(long p) {
                return null;
            }

            @Override
            public BufferedReader open(String path) {
                return null;
            }
        });
    }

    private long startChild() throws Exception {
        child = new ProcessBuilder("sleep", "30").start();
        return child.pid();
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroy();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWriterBelowAManagerReadFromProcGetsItsPackage() throws Exception {
        long pid = startChild();
        table.put(new ProcessInfo(self, 1, 1_000_000_000L, "/usr/bin/node", "node /usr/bin/npm install", 0,
                Account.UNKNOWN));
        InitiatorLookup l = new InitiatorLookup(table, "h", resolverSeeing(pid, Map.of("npm_lifecycle_event",
                "postinstall", "npm_package_name", "evil", "npm_package_version", "1.0.3")));
        ProcessInfo who = l.find(pid, System.nanoTime());
        assertEquals(new InstallContext("npm", "evil", "1.0.3", "postinstall", null), who.install());
        assertEquals(1, l.fromProc);
    }

    @Test
    void aWriterBelowAnIdentifiedScriptInheritsItAndOneOutsideAnyInstallHasNone() throws Exception {
        long pid = startChild();
        InstallContext script = new InstallContext("pip", "evil", "2.0", "setup.py bdist_wheel", null);
        table.put(new ProcessInfo(self, 1, 1_000_000_000L, "/usr/bin/python3.11", "python3 -u -c x", 0,
                Account.UNKNOWN, script));
        assertSame(script, new InitiatorLookup(table, "h", resolverSeeing(-1, null)).find(pid, 0).install());
        table.put(new ProcessInfo(self, 1, 1_000_000_000L, "/usr/bin/bash", "bash", 0, Account.UNKNOWN));
        assertNull(new InitiatorLookup(table, "h", resolverSeeing(-1, null)).find(pid, 0).install());
    }

    @Test
    void settlingKeepsTheProcReadWriterOverTheTablesPreExecCopyOfItsParent() throws Exception {
        long pid = startChild();
        InitiatorLookup l = new InitiatorLookup(table, "h", null);
        ProcessInfo fromProc = l.find(pid, 0);
        // the fork seen, the exec not yet: the table has the parent's image under the child's pid
        ProcessInfo forkCopy = new ProcessInfo(pid, self, fromProc.creationTimeNanos(), "/usr/bin/node",
                "node /usr/bin/npm install", 0, Account.UNKNOWN);
        table.put(forkCopy);
        assertSame(fromProc, l.settle(fromProc, pid, Long.MAX_VALUE / 2));
        // the exec's image, once in, wins
        ProcessInfo exec = new ProcessInfo(pid, self, fromProc.creationTimeNanos() + 1, fromProc.imagePath(),
                "sleep 30", 0, Account.UNKNOWN);
        table.put(exec);
        assertSame(exec, l.settle(fromProc, pid, Long.MAX_VALUE / 2));
    }
}
