package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hookline.alert.Alert;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offline `detect`: the ancestry an events file describes reaches hookline_has_ancestor(). */
class EventAncestryLearnsProcessesFromEventsTest {
    static Event proc(long pid, String name, long ppid, String parent) {
        return new Event(Table.DeviceProcessEvents).set(Columns.PROCESS_ID, pid).set(Columns.FILE_NAME, name)
                .set(Columns.INITIATING_PROCESS_ID, ppid).set(Columns.INITIATING_PROCESS_FILE_NAME, parent);
    }

    @Test
    void learnsParentsAndNames() {
        EventAncestry a = new EventAncestry();
        a.observe(proc(10, "node", 5, "bash"));
        a.observe(proc(20, "sh", 10, "node"));
        assertEquals(10, a.parentPid(20));
        assertEquals(5, a.parentPid(10));
        assertEquals("node", a.fileName(10));
        assertEquals("bash", a.fileName(5));
        assertEquals(Event.NULL, a.parentPid(5));
        assertNull(a.fileName(77));
    }

    @Test
    void forgetsEverythingPastItsBound() {
        EventAncestry a = new EventAncestry(4);
        for (int i = 1; i <= 10; i++) {
            a.observe(proc(100 + i, "x", 0, null));
        }
        assertEquals(2, a.size());
    }

    @Test
    void aDetectorFedByItSeesGreatGrandparents() throws Exception {
        RuleLoader loader = new RuleLoader();
        Rule r = loader.parse("t", "DeviceProcessEvents | where FileName == 'curl'"
                + " | where hookline_has_ancestor(4, 'npm')", "t.kql");
        EventAncestry a = new EventAncestry();
        List<Alert> out = new ArrayList<>();
        Detector d = new Detector(List.of(r), Tuning.NONE, out::add, a);
        Event[] events = {proc(10, "npm", 5, "bash"), proc(20, "sh", 10, "npm"), proc(30, "dash", 20, "sh"),
            proc(40, "curl", 30, "dash")};
        for (Event e : events) {
            a.observe(e);
            d.accept(e, 0);
        }
        assertEquals(1, out.size(), "curl ← dash ← sh ← npm: npm is three levels up");
        List<Alert> none = new ArrayList<>();
        Detector plain = new Detector(List.of(r), Tuning.NONE, none::add);
        for (Event e : events) {
            plain.accept(e, 0);
        }
        assertEquals(0, none.size(), "without the file's ancestry only two levels are known");
    }

    @Test
    void aFleetsDevicesKeepTheirOwnProcessesUnderTheSamePids() throws Exception {
        Rule r = new RuleLoader().parse("t", "DeviceProcessEvents | where FileName == 'curl'"
                + " | where hookline_has_ancestor(4, 'npm')", "t.kql");
        EventAncestry a = new EventAncestry();
        List<Alert> out = new ArrayList<>();
        Detector d = new Detector(List.of(r), Tuning.NONE, out::add, a);
        // the same pids on two hosts: npm's tree on the runner, a login shell's on the workstation
        Event[] events = {on("runner", proc(10, "npm", 5, "bash")), on("laptop", proc(10, "sshd", 1, "systemd")),
            on("runner", proc(20, "sh", 10, "npm")), on("laptop", proc(20, "bash", 10, "sshd")),
            on("laptop", proc(30, "dash", 20, "bash")), on("runner", proc(30, "dash", 20, "sh")),
            on("laptop", proc(40, "curl", 30, "dash")), on("runner", proc(40, "curl", 30, "dash"))};
        for (Event e : events) {
            a.observe(e);
            d.accept(e, 0);
        }
        assertEquals(1, out.size(), "only the runner's curl has npm above it: " + out);
        assertEquals(10, a.size(), "five processes on each device, parents included");
        // lookups answer for the device of the event observed last: the one being evaluated
        a.observe(on("laptop", proc(50, "ls", 20, "bash")));
        assertEquals("sshd", a.fileName(10));
        a.observe(on("runner", proc(60, "node", 20, "sh")));
        assertEquals("npm", a.fileName(10));
    }

    private static Event on(String device, Event e) {
        return e.set(Columns.DEVICE_ID, device);
    }
}
