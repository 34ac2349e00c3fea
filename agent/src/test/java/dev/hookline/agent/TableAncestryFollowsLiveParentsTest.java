package dev.hookline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hookline.process.ProcessInfo;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Event;
import org.junit.jupiter.api.Test;

class TableAncestryFollowsLiveParentsTest {
    @Test
    void parentsAndNamesComeFromTheTable() {
        ProcessTable t = new ProcessTable(1_000_000_000L);
        t.put(new ProcessInfo(10, 1, 1, "/usr/bin/node", "node /usr/bin/npm install", 0, null));
        t.put(new ProcessInfo(20, 10, 2, "/usr/bin/dash", "sh -c node install.js", 0, null));
        t.put(new ProcessInfo(1, 1, 0, "/sbin/init", "init", 0, null));
        TableAncestry a = new TableAncestry(t);
        assertEquals(10, a.parentPid(20));
        assertEquals("node", a.fileName(10));
        assertEquals(Event.NULL, a.parentPid(1), "init is its own parent: the walk ends");
        assertEquals(Event.NULL, a.parentPid(999));
        assertNull(a.fileName(999));
    }
}
