package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.config.CollectorSettings;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events laid out byte by byte as the kernel writes them (fanotify_event_metadata, then fid info records: type,
 * length, fsid, struct file_handle, name) through the mapper, the write coalescer and the row builder, with the
 * directory handles resolved from a table: no fanotify group, no root.
 */
class FanotifyEventMapperTest {
    private static final int AGENT = 4242;
    /** A pid above pid_max: never in /proc, so its initiator is unknown. */
    private static final int WRITER = 999_999_999;
    private static final int HOME = 1;
    private static final int EXCLUDED = 2;
    private static final int UNKNOWN_DIR = 99;

    private final TestContext ctx = new TestContext(Map.of());
    private final FanotifyCounters counters = new FanotifyCounters();
    private final Map<Integer, String> dirs = new HashMap<>(Map.of(HOME, "/home/u", EXCLUDED, "/ex/cache"));
    private final Map<Integer, String> fds = new HashMap<>();
    private final List<String> ignoreMarks = new ArrayList<>();
    private int invalidations;
    private WriteCoalescer coalescer;
    private FanotifyEventMapper mapper;
    private long mono = 1_000_000_000L;

    @BeforeEach
    void mapper() {
        mapper(null);
    }

    private void mapper(ProtectedPaths tamper) {
        FanotifySettings settings = CollectorSettings.bind("linux-fanotify", Map.of("exclude_paths", List.of("/ex")),
                FanotifySettings.DEFAULTS);
        InitiatorLookup initiators = new InitiatorLookup(null, "testhost"); // no table: rows are never held
        PendingPaths pending = new PendingPaths();
        FileRows rows = new FileRows(ctx.events(), ctx.host(), null, initiators, pending, counters);
        coalescer = new WriteCoalescer(1_000_000_000L, 30_000_000_000L, 64, rows, pending);
        DirectoryHandles handles = new DirectoryHandles() {
            @Override
            public String resolve(ByteBuffer buf, int off, int end) {
                return dirs.get((int) buf.get(off + 16)); // fsid (8), handle_bytes (4), handle_type (4), handle
            }

            @Override
            public void invalidateAll() {
                invalidations++;
            }
        };
        OwnFiles own = new OwnFiles(p -> ignoreMarks.add(p), p -> tamper != null && tamper.covers(p), counters);
        mapper = new FanotifyEventMapper(settings, AGENT, tamper, handles, fds::remove, initiators, coalescer, rows,
                own, new OverflowAlerts(ctx.health(), counters), counters);
    }

    /** One fid info record: type, pad, length, fsid, handle_bytes, handle_type, handle (dir id first), name, padding. */
    private static byte[] fid(int type, int dirId, String name) {
        byte[] n = name == null ? new byte[0] : (name + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] handle = {(byte) dirId, 0, 0, 0, 0, 0, 0, 0};
        int len = (4 + 8 + 8 + handle.length + n.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.put((byte) type).put((byte) 0).putShort((short) len).putLong(0xabcdL).putInt(handle.length).putInt(1)
                .put(handle).put(n);
        return b.array();
    }

    /** fanotify_event_metadata: event_len, vers 3, reserved, metadata_len 24, mask, fd, pid; then the records. */
    private static byte[] event(long mask, int fd, int pid, byte[]... records) {
        int len = 24;
        for (byte[] r : records) {
            len += r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.putInt(len).put((byte) 3).put((byte) 0).putShort((short) 24).putLong(mask).putInt(fd).putInt(pid);
        for (byte[] r : records) {
            b.put(r);
        }
        return b.array();
    }

    private static byte[] named(long mask, int pid, int dirId, String name) {
        return event(mask, Fan.FAN_NOFD, pid, fid(Fan.INFO_DFID_NAME, dirId, name));
    }

    /** One read of the queue holding these events back to back. */
    private void read(byte[]... events) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] e : events) {
            all.writeBytes(e);
        }
        byte[] bytes = all.toByteArray();
        ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length + 64).order(ByteOrder.nativeOrder());
        buf.put(bytes).flip();
        mono += 1_000_000L;
        mapper.map(buf, bytes.length, new FanEvent(), 1_700_000_000_000_000_000L, mono);
    }

    private List<String> rows() {
        List<String> out = new ArrayList<>();
        for (Event e : ctx.rows) {
            String prev = e.getString(Columns.PREVIOUS_FOLDER_PATH);
            out.add(e.getString(Columns.ACTION_TYPE) + " " + e.getString(Columns.FOLDER_PATH)
                    + (prev == null ? "" : " from " + prev));
        }
        return out;
    }

    @Test
    void aCreateWrittenAndClosedIsOneFileCreatedRowWithThePathOfItsDirectoryHandle() {
        read(named(Fan.FAN_CREATE, WRITER, HOME, "a.txt"), named(Fan.FAN_MODIFY, WRITER, HOME, "a.txt"),
                named(Fan.FAN_MODIFY, WRITER, HOME, "a.txt"), named(Fan.FAN_CLOSE_WRITE, WRITER, HOME, "a.txt"));
        assertEquals(List.of("FileCreated /home/u/a.txt"), rows());
        Event row = ctx.rows.get(0);
        assertEquals("a.txt", row.getString(Columns.FILE_NAME));
        assertEquals(WRITER, row.getLong(Columns.INITIATING_PROCESS_ID));
        assertEquals("testhost", row.getString(Columns.DEVICE_NAME));
        assertEquals(1_700_000_000_000_000_000L, row.getLong(Columns.TIMESTAMP));
        assertEquals(4, counters.events.get());
        assertEquals(1, counters.created.get());
    }

    @Test
    void aRenameEventCarriesOldAndNewNamesAndEndsTheOldPathsBurstFirst() {
        read(named(Fan.FAN_MODIFY, WRITER, HOME, "draft"),
                event(Fan.FAN_RENAME, Fan.FAN_NOFD, WRITER, fid(Fan.INFO_OLD_DFID_NAME, HOME, "draft"),
                        fid(Fan.INFO_NEW_DFID_NAME, HOME, "final"), fid(Fan.INFO_FID, HOME, null)));
        assertEquals(List.of("FileModified /home/u/draft", "FileRenamed /home/u/final from /home/u/draft"), rows());
        assertEquals(1, counters.renamed.get());
    }

    @Test
    void aDeleteIsFileDeleted() {
        read(named(Fan.FAN_DELETE, WRITER, HOME, "gone"));
        assertEquals(List.of("FileDeleted /home/u/gone"), rows());
        assertEquals(1, counters.deleted.get());
    }

    @Test
    void dirnameModeMovesArePairedByPidAndALoneHalfIsCounted() {
        read(named(Fan.FAN_MOVED_FROM, WRITER, HOME, "old"), named(Fan.FAN_MOVED_TO, WRITER, HOME, "new"));
        assertEquals(List.of("FileRenamed /home/u/new from /home/u/old"), rows());
        read(named(Fan.FAN_MOVED_TO, WRITER, HOME, "stray"));
        assertEquals(1, counters.unpairedMoves.get());
        read(named(Fan.FAN_MOVED_FROM, WRITER, HOME, "away"));
        mapper.sweepMoves(mono + 2_000_000_000L); // past the quiet period: its other half is not coming
        assertEquals(2, counters.unpairedMoves.get());
        assertEquals(1, rows().size());
    }

    @Test
    void excludedPathsAndTheAgentsOwnEventsAreCountedAndDropped() {
        read(named(Fan.FAN_CREATE, WRITER, EXCLUDED, "x"), named(Fan.FAN_CREATE, AGENT, HOME, "alerts.jsonl"));
        assertEquals(List.of(), rows());
        assertEquals(1, counters.excluded.get());
        assertEquals(1, counters.ownEvents.get());
    }

    @Test
    void theAgentsWrittenFilesGetAnIgnoreMarkAndAnotherWritersCloseStandsForItsWrites() {
        read(named(Fan.FAN_MODIFY, AGENT, HOME, "alerts.jsonl"), named(Fan.FAN_MODIFY, AGENT, HOME, "alerts.jsonl"));
        assertEquals(List.of("/home/u/alerts.jsonl"), ignoreMarks, "marked once");
        assertEquals(1, counters.ownFilesIgnored.get());
        // the kernel now drops MODIFY on that inode: another process's write shows only as its close
        read(named(Fan.FAN_CLOSE_WRITE, WRITER, HOME, "alerts.jsonl"));
        assertEquals(List.of("FileModified /home/u/alerts.jsonl"), rows());
    }

    @Test
    void anUnresolvableDirectoryGivesAnUnresolvedPathAndAnEventWithoutANameIsCounted() {
        read(named(Fan.FAN_DELETE, WRITER, UNKNOWN_DIR, "lost"), event(Fan.FAN_CREATE, Fan.FAN_NOFD, WRITER,
                fid(Fan.INFO_DFID, HOME, null)));
        assertEquals(List.of("FileDeleted <unresolved>/lost"), rows());
        assertEquals(1, counters.unresolved.get());
        assertEquals(1, counters.noName.get());
    }

    @Test
    void directoriesGiveNoRowsButADirectoryMoveClearsThePathCache() {
        read(named(Fan.FAN_CREATE | Fan.FAN_ONDIR, WRITER, HOME, "sub"),
                named(Fan.FAN_MOVED_FROM | Fan.FAN_ONDIR, WRITER, HOME, "sub"));
        assertEquals(List.of(), rows());
        assertEquals(2, counters.directoryEvents.get());
        assertEquals(1, invalidations);
    }

    @Test
    void anOverflowIsCountedAndAlertedOncePerMinute() {
        read(event(Fan.FAN_Q_OVERFLOW, Fan.FAN_NOFD, 0), event(Fan.FAN_Q_OVERFLOW, Fan.FAN_NOFD, 0));
        assertEquals(2, counters.overflows.get());
        assertEquals(1, ctx.alerts.size(), ctx.alerts.toString());
        assertTrue(ctx.alerts.get(0).startsWith("FanotifyQueueOverflow: the fanotify queue overflowed (1 time(s)"),
                ctx.alerts.get(0));
    }

    @Test
    void bytesThatAreNoEventEndTheReadButWhatCameBeforeIsMapped() {
        byte[] broken = named(Fan.FAN_DELETE, WRITER, HOME, "b");
        broken[4] = 2; // metadata version 2
        read(named(Fan.FAN_DELETE, WRITER, HOME, "a"), broken, named(Fan.FAN_DELETE, WRITER, HOME, "c"));
        assertEquals(List.of("FileDeleted /home/u/a"), rows());
        assertEquals(1, counters.malformed.get());
        assertEquals(1, counters.events.get());
    }

    @Test
    void fdModeTakesThePathFromTheEventsDescriptor() {
        fds.put(7, "/home/u/log.txt");
        fds.put(8, "/ex/cache/tmp");
        read(event(Fan.FAN_MODIFY, 7, WRITER), event(Fan.FAN_CLOSE_WRITE, 8, WRITER),
                event(Fan.FAN_MODIFY | Fan.FAN_CLOSE_WRITE, 9, WRITER));
        assertEquals(List.of("FileModified <unresolved>/fd"), rows(), "closed at once; log.txt still open");
        coalescer.flushAll();
        assertEquals(List.of("FileModified <unresolved>/fd", "FileModified /home/u/log.txt"), rows());
        assertEquals(1, counters.excluded.get());
        assertEquals(1, counters.unresolved.get());
    }

    @Test
    void aChangeToTheAgentsOwnFileIsReportedAndTheRowStillEmitted() {
        mapper(new ProtectedPaths(List.of("/home/u/hookline.yaml"), ctx.health()));
        read(named(Fan.FAN_DELETE, WRITER, HOME, "hookline.yaml"));
        assertEquals(List.of("FileDeleted /home/u/hookline.yaml"), rows());
        assertEquals(1, ctx.alerts.size(), ctx.alerts.toString());
        assertTrue(ctx.alerts.get(0).startsWith("AgentFileTampered: "), ctx.alerts.get(0));
        assertTrue(ctx.alerts.get(0).contains("/home/u/hookline.yaml"), ctx.alerts.get(0));
    }
}
