package dev.hookline.windows.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.HostIdentity;
import dev.hookline.process.ProcessTable;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.testing.Capture;
import dev.hookline.windows.testing.Etw;
import dev.hookline.windows.testing.Records;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kernel-File cases the manifest leaves open: which name RenamePath's FilePath is, and a Create (12) that follows
 * the CreateNewFile (30) of the same file object.
 */
class EtwFileOpsAsTheManifestAllowsTest {
    static final long T0 = 1_795_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final String VOL = "\\Device\\HarddiskVolume3";

    Capture sink;
    EtwNormalizer n;
    final EtwRecord rec = new EtwRecord();

    @BeforeEach
    void setUp() {
        sink = new Capture();
        n = new EtwNormalizer(sink, new ProcessTable(60_000 * MS), new HostIdentity("win-07", "dev-id"),
                SidResolver.SID_ONLY, new DevicePaths(Map.of(VOL, "C:")), true,
                EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS, 31337);
    }

    void feed(Records.Built b) {
        n.accept(rec.read(b.pointer()));
    }

    @Test
    void aCreateAfterCreateNewFileOfTheSameObjectDoesNotMakeItsWritesModifications() {
        feed(Etw.fileCreate(30, T0, 4400, 0xA1, 0x02000060, VOL + "\\src\\fresh.txt"));
        feed(Etw.fileCreate(12, T0 + MS, 4400, 0xA1, 0x02000060, VOL + "\\src\\fresh.txt"));
        feed(Etw.fileWrite(T0 + 2 * MS, 4400, 0xA1));
        assertEquals(1, sink.events.size(), sink.events.toString());
        assertEquals("FileCreated", sink.events.get(0).getString(Columns.ACTION_TYPE));
    }

    @Test
    void aRenameWhoseFilePathIsTheOldNameNeverReportsTheOldNameAsTheNewOne() {
        feed(Etw.fileCreate(12, T0, 4400, 0xB1, 0x01000060, VOL + "\\src\\report.docx"));
        feed(Etw.filePath(27, T0 + MS, 4400, 0xB1, VOL + "\\src\\report.docx"));
        assertEquals(1, sink.events.size());
        Event e = sink.events.get(0);
        assertEquals("FileRenamed", e.getString(Columns.ACTION_TYPE));
        assertEquals("C:\\src\\report.docx", e.getString(Columns.PREVIOUS_FOLDER_PATH));
        assertTrue(e.isNull(Columns.FOLDER_PATH), "the new name is not in the event: " + e);
        assertTrue(e.getString(Columns.ADDITIONAL_FIELDS).contains("NewNameUnknown"));
        assertEquals("FilePath is the old name (1)", n.renameDirection());
    }

    @Test
    void theRenameDirectionAHostProducedIsRecorded() {
        assertEquals("not seen yet", n.renameDirection());
        feed(Etw.fileCreate(12, T0, 4400, 0xC1, 0x01000060, VOL + "\\src\\a.txt"));
        feed(Etw.filePath(27, T0 + MS, 4400, 0xC1, VOL + "\\src\\b.txt"));
        assertEquals("C:\\src\\b.txt", sink.events.get(0).getString(Columns.FOLDER_PATH));
        assertEquals("C:\\src\\a.txt", sink.events.get(0).getString(Columns.PREVIOUS_FOLDER_PATH));
        assertEquals("FilePath is the new name (1)", n.renameDirection());
        feed(Etw.fileCreate(12, T0 + 2 * MS, 4400, 0xC2, 0x01000060, VOL + "\\src\\c.txt"));
        feed(Etw.filePath(27, T0 + 3 * MS, 4400, 0xC2, VOL + "\\src\\c.txt"));
        assertEquals("both: new name 1, old name 1", n.renameDirection());
        feed(Etw.filePath(27, T0 + 4 * MS, 4400, 0xC9, VOL + "\\src\\d.txt"));
        assertEquals(1L, n.counters().get("renamePathUndecided"));
    }
}
