package dev.hookline.store;

import dev.hookline.schema.Table;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where segments live and what a segment file is: {@code <root>/<Table>/<yyyy-MM-ddTHH>.seg} holds the events of
 * one table whose Timestamp falls in that UTC hour, as an 8-byte file header followed by blocks (each a
 * {@link BlockHeader} and its zstd-compressed payload).
 */
final class Segments {
    static final long HOUR_NANOS = 3_600_000_000_000L;
    static final String SUFFIX = ".seg";
    /** "HLSEG", two zero bytes, format version 1. */
    static final byte[] FILE_HEADER = {'H', 'L', 'S', 'E', 'G', 0, 0, 1};
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

    private Segments() {
    }

    /** The hour (hours since the epoch, UTC) an epoch-nanosecond time falls in. */
    static long hourOf(long epochNanos) {
        return Math.floorDiv(epochNanos, HOUR_NANOS);
    }

    static Path path(Path root, Table table, long hour) {
        return root.resolve(table.name()).resolve(name(hour));
    }

    static String name(long hour) {
        return LocalDateTime.ofEpochSecond(hour * 3600, 0, ZoneOffset.UTC).format(NAME) + SUFFIX;
    }

    /** The hour a segment file name stands for, or null when it is not a segment's name. */
    static Long hourOfName(String fileName) {
        if (!fileName.endsWith(SUFFIX)) {
            return null;
        }
        try {
            LocalDateTime t = LocalDateTime.parse(fileName.substring(0, fileName.length() - SUFFIX.length()), NAME);
            return Math.floorDiv(t.toEpochSecond(ZoneOffset.UTC), 3600L);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One segment file on disk. */
    record Segment(Table table, long hour, Path path) {
        long startNanos() {
            return hour * HOUR_NANOS;
        }

        long endNanos() {
            return (hour + 1) * HOUR_NANOS;
        }

        @Override
        public String toString() {
            return table.name() + "/" + name(hour);
        }
    }

    /** The table's segments under root, oldest hour first (none when its directory does not exist). */
    static List<Segment> list(Path root, Table table) throws IOException {
        List<Segment> out = new ArrayList<>();
        Path dir = root.resolve(table.name());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                Long hour = hourOfName(p.getFileName().toString());
                if (hour != null && Files.isRegularFile(p)) {
                    out.add(new Segment(table, hour, p));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort((a, b) -> Long.compare(a.hour(), b.hour()));
        return out;
    }

    /**
     * The length of the file's valid prefix: the file header and every whole block whose header and payload CRCs
     * check, up to the first that does not (a torn or damaged tail). 0 when even the file header is not there.
     */
    static long validLength(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < FILE_HEADER.length) {
            return 0;
        }
        ByteBuffer fh = ByteBuffer.allocate(FILE_HEADER.length);
        readFully(ch, fh, 0);
        if (!java.util.Arrays.equals(fh.array(), FILE_HEADER)) {
            return 0;
        }
        long pos = FILE_HEADER.length;
        ByteBuffer hb = ByteBuffer.allocate(BlockHeader.SIZE);
        byte[] payload = new byte[0];
        while (pos + BlockHeader.SIZE <= size) {
            hb.clear();
            readFully(ch, hb, pos);
            hb.flip();
            BlockHeader h = BlockHeader.read(hb);
            if (h == null || pos + BlockHeader.SIZE + h.compressedLength() > size) {
                break;
            }
            if (payload.length < h.compressedLength()) {
                payload = new byte[h.compressedLength()];
            }
            ByteBuffer pb = ByteBuffer.wrap(payload, 0, h.compressedLength());
            readFully(ch, pb, pos + BlockHeader.SIZE);
            if (BlockHeader.payloadCrc(payload, 0, h.compressedLength()) != h.payloadCrc()) {
                break;
            }
            pos += BlockHeader.SIZE + h.compressedLength();
        }
        return pos;
    }

    /** Fills the buffer from the file at {@code pos}; stops early only at the end of the file. */
    static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
