package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.Arm;
import dev.hookline.kql.ArmGate;
import dev.hookline.kql.StreamingQuery;
import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An ActionType equality is a wide gate (a table has a handful of action types, each on many rows): in the seed's
 * CI-file arm, `FolderPath has_any (...) or FileName has_any (...) and ActionType in (...)`, the `or` takes the
 * FileName terms of its right side, not the action types, so an ordinary modified file no longer runs the arm (nor
 * shai-hulud's file arm, whose term probe it shared); the arm still runs, and matches, for a CI file.
 */
class ActionTypeIsAWideGateTest {
    private static final String PIPELINE = "DeviceFileEvents"
            + " | where FolderPath has_any ('.github/workflows', '.gitlab-ci') or FileName has_any ('Makefile', 'pom.xml')"
            + " and ActionType in ('FileModified', 'FileCreated')"
            + " | where ActionType in ('FileModified', 'FileCreated', 'FileRenamed')";
    private static final String SHAI = "DeviceFileEvents | where ActionType in ('FileCreated', 'FileModified')"
            + " | where FileName has 'shai-hulud' or FolderPath has 'shai-hulud'";

    private static Event file(String folderPath, String fileName, String action) {
        return new Event(Table.DeviceFileEvents).set(Columns.FOLDER_PATH, folderPath).set(Columns.FILE_NAME, fileName)
                .set(Columns.ACTION_TYPE, action);
    }

    /** Per arm of the two queries (selected by the selector, matched by its chain), for e. */
    private static List<List<Boolean>> run(Event e) {
        List<StreamingQuery> qs = List.of(Kql.compile(PIPELINE).streaming(), Kql.compile(SHAI).streaming());
        List<List<ArmGate>> gates = new ArrayList<>();
        for (StreamingQuery q : qs) {
            gates.add(q.arms().get(0).gates());
        }
        long[] sel = new ArmSelector(gates).select(e);
        List<List<Boolean>> out = new ArrayList<>();
        for (int i = 0; i < qs.size(); i++) {
            Arm arm = qs.get(i).arms().get(0);
            boolean[] matched = {false};
            qs.get(i).accept(arm, e, 0L, (a, ev, row) -> matched[0] = true);
            out.add(List.of((sel[0] & (1L << i)) != 0, matched[0]));
        }
        return out;
    }

    @Test
    void theOrGatesOnTermsNotOnActionTypes() {
        // the narrowest gate, the one the selector probes for every event
        ArmGate first = Kql.compile(PIPELINE).streaming().arms().get(0).gate();
        assertTrue(first.probes().stream().noneMatch(p -> p.columnId() == Columns.ACTION_TYPE.id()), first.toString());
        assertTrue(first.probes().stream().anyMatch(p -> p.columnId() == Columns.FILE_NAME.id()), first.toString());
        // where ActionType is the only gate, it is still the gate
        assertEquals(ArmGate.equality(Columns.ACTION_TYPE.id(), false, java.util.Set.of("FileCreated")),
                Kql.compile("DeviceFileEvents | where ActionType in ('FileCreated')").streaming().arms().get(0).gate());
    }

    @Test
    void anOrdinaryFileSkipsBothArmsACiFileRunsTheRightOne() {
        Event lock = file("/home/runner/work/app/node_modules/.package-lock.json", ".package-lock.json", "FileModified");
        assertEquals(List.of(List.of(false, false), List.of(false, false)), run(lock));
        Event workflow = file("/home/runner/work/app/.github/workflows/ci.yml", "ci.yml", "FileCreated");
        assertEquals(List.of(List.of(true, true), List.of(false, false)), run(workflow));
        Event makefile = file("/home/runner/work/app/Makefile", "Makefile", "FileModified");
        assertEquals(List.of(List.of(true, true), List.of(false, false)), run(makefile));
        // a Makefile renamed: selected by its name, refused by the action (the or's right side needs created/modified)
        assertEquals(List.of(List.of(true, false), List.of(false, false)),
                run(file("/home/runner/work/app/Makefile", "Makefile", "FileRenamed")));
        Event worm = file("/home/runner/work/app/.github/workflows/shai-hulud-workflow.yml",
                "shai-hulud-workflow.yml", "FileCreated");
        assertEquals(List.of(List.of(true, true), List.of(true, true)), run(worm));
    }
}
