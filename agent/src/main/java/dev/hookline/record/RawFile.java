package dev.hookline.record;

import dev.hookline.collector.RawRecord;
import dev.hookline.collector.RawRecorder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recording file: a header, then framed records, all big-endian.
 *
 * <pre>
 * header:  magic "HKLRAW\r\n" (8 bytes), version u16 (1), collector name, device name, device id
 *          (each u16 length + UTF-8), the recording agent's pid i64 (its own activity is not the host's)
 * record:  length u32 (of what follows), type u32, read-at i64 (epoch ns), data (length - 12 bytes)
 * </pre>
 * A file cut short (the recorder killed) ends at its last whole record, which the reader reports.
 */
public final class RawFile {
    static final byte[] MAGIC = "HKLRAW\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** A record longer than this is not one a collector makes: the file is damaged (ETW's largest is ~64 KiB). */
    static final int MAX_RECORD = 1 << 20;

    /** What the header says: which collector recorded, on which host. */
    public record Header(String collector, String deviceName, String deviceId, long agentPid) {
    }

    /** A whole recording read back: its header, records, and whether it ended inside a record. */
    public record Contents(Header header, List<RawRecord> records, boolean truncated) {
    }

    private RawFile() {
    }

    /** Writes records as a collector hands them over; thread-safe (collectors read on several threads). */
    public static final class Writer implements RawRecorder, Closeable {
        private final DataOutputStream out;
        private long records;
        private IOException failure;

        public Writer(Path file, Header header) throws IOException {
            this(Files.newOutputStream(file), header);
        }

        public Writer(OutputStream stream, Header header) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
            out.write(MAGIC);
            out.writeShort(VERSION);
            string(header.collector());
            string(header.deviceName());
            string(header.deviceId());
            out.writeLong(header.agentPid());
        }

        private void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeShort(b.length);
            out.write(b);
        }

        @Override
        public synchronized void record(int type, byte[] data, int offset, int length) {
            if (failure != null) {
                return;
            }
            try {
                out.writeInt(length + 12);
                out.writeInt(type);
                out.writeLong(System.currentTimeMillis() * 1_000_000L);
                out.write(data, offset, length);
                records++;
            } catch (IOException e) {
                failure = e; // a full disk stops the recording, never the collector; close() reports it
            }
        }

        public synchronized long records() {
            return records;
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
            if (failure != null) {
                throw new IOException("the recording stopped after " + records + " records: " + failure.getMessage(),
                        failure);
            }
        }
    }

    /** Reads a whole recording. */
    public static Contents read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    static Contents read(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        byte[] magic = new byte[MAGIC.length];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new IOException(name + ": not a hookline recording (shorter than its header)");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + ": not a hookline recording (no HKLRAW magic at offset 0)");
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new IOException(name + ": recording version " + version + "; this hookline reads version "
                    + VERSION);
        }
        Header header = new Header(string(in), string(in), string(in), in.readLong());
        List<RawRecord> records = new ArrayList<>();
        long offset = MAGIC.length + 2L + 6 + 8 + utf8(header.collector()) + utf8(header.deviceName())
                + utf8(header.deviceId());
        while (true) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                return new Contents(header, records, false);
            }
            if (length < 12 || length > MAX_RECORD) {
                throw new IOException(name + ": record " + (records.size() + 1) + " at byte " + offset
                        + " claims " + length + " bytes: the file is damaged");
            }
            byte[] body = new byte[length];
            try {
                in.readFully(body);
            } catch (EOFException e) {
                return new Contents(header, records, true);
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(body);
            int type = b.getInt();
            long at = b.getLong();
            records.add(new RawRecord(type, at, Arrays.copyOfRange(body, 12, length)));
            offset += 4L + length;
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
