package dev.hookline.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBeforeExecFlushesTheRegisteredOwnerTest {
    private final List<String> flushed = new ArrayList<>();

    @Test
    void anExecFlushesTheRegisteredFileCollectorOnTheCallersThread() {
        WriteBeforeExec w = new WriteBeforeExec();
        w.beforeExec("/tmp/a"); // no file collector yet: nothing to do
        Object files = new Object();
        w.register(files, p -> flushed.add(p));
        w.beforeExec("/tmp/tool");
        assertEquals(List.of("/tmp/tool"), flushed);
    }

    @Test
    void aCollectorClosedAfterAnotherStartedLeavesTheNewOneRegistered() {
        WriteBeforeExec w = new WriteBeforeExec();
        Object old = new Object();
        Object current = new Object();
        w.register(old, p -> flushed.add("old " + p));
        w.register(current, p -> flushed.add("current " + p));
        w.unregister(old);
        w.beforeExec("x");
        w.unregister(current);
        w.beforeExec("y");
        assertEquals(List.of("current x"), flushed);
    }

    @Test
    void twoAgentsInOneJvmDoNotShare() {
        WriteBeforeExec one = new WriteBeforeExec();
        WriteBeforeExec two = new WriteBeforeExec();
        one.register(this, p -> flushed.add(p));
        two.beforeExec("other agent's exec");
        assertEquals(List.of(), flushed);
    }
}
