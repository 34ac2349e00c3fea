package dev.hookline.selftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A row the self-test expects: its table and ActionType, what identifies it (the marker, the port, the file name),
 * the process that must be its initiator, and when the action that makes it happened (epoch nanoseconds).
 */
record Expected(String table, String action, String what, long initiatorPid, long actionAt,
                Predicate<Map<String, Object>> identifies) {
    static final String PROCESSES = "DeviceProcessEvents";
    static final String NETWORK = "DeviceNetworkEvents";
    static final String FILES = "DeviceFileEvents";
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "::ffff:127.0.0.1");

    /** The six rows the actions must bring, in the order they were caused. */
    static List<Expected> of(Actions a) {
        String dirName = java.nio.file.Path.of(a.dir()).getFileName().toString();
        List<Expected> out = new ArrayList<>();
        out.add(new Expected(PROCESSES, "ProcessCreated", "command line has " + a.marker(), a.actorPid(),
                a.processAt(), r -> str(r, "ProcessCommandLine").contains(a.marker())));
        out.add(new Expected(NETWORK, "ConnectionSuccess", "to 127.0.0.1:" + a.port(), a.actorPid(), a.connectAt(),
                r -> num(r, "RemotePort") == a.port() && LOOPBACK.contains(str(r, "RemoteIP"))));
        Predicate<Map<String, Object>> inDir = r -> str(r, "FolderPath").contains(dirName);
        out.add(new Expected(FILES, "FileCreated", a.createdName(), a.actorPid(), a.createAt(),
                inDir.and(r -> a.createdName().equals(str(r, "FileName")))));
        out.add(new Expected(FILES, "FileModified", a.createdName(), a.actorPid(), a.modifyAt(),
                inDir.and(r -> a.createdName().equals(str(r, "FileName")))));
        out.add(new Expected(FILES, "FileRenamed", a.createdName() + " -> " + a.renamedName(), a.actorPid(),
                a.renameAt(), inDir.and(r -> a.renamedName().equals(str(r, "FileName"))
                        && a.createdName().equals(str(r, "PreviousFileName")))));
        out.add(new Expected(FILES, "FileDeleted", a.renamedName(), a.actorPid(), a.deleteAt(),
                inDir.and(r -> a.renamedName().equals(str(r, "FileName")))));
        return out;
    }

    /** The row is this one: the right ActionType, what identifies it, and the right initiating process. */
    boolean matches(Map<String, Object> row) {
        return action.equals(str(row, "ActionType")) && identifies.test(row)
                && num(row, "InitiatingProcessId") == initiatorPid;
    }

    /**
     * How close a row that is not this one comes (0: unrelated): the right ActionType, the identifying part and the
     * initiator each count, the identifying part most, so the nearest rows say what went wrong (a wrong initiator,
     * another ActionType for the same file).
     */
    int nearness(Map<String, Object> row) {
        int n = 0;
        if (identifies.test(row)) {
            n += 4;
        }
        if (action.equals(str(row, "ActionType"))) {
            n += 2;
        }
        if (num(row, "InitiatingProcessId") == initiatorPid) {
            n += 1;
        }
        return n;
    }

    String label() {
        return table + " " + action + " " + what;
    }

    static String str(Map<String, Object> row, String column) {
        return Objects.toString(row.get(column), "");
    }

    static long num(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? Long.MIN_VALUE : Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
