package dev.hookline.windows.decode;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.windows.testing.Bytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DecodersTest {
    static final String IMAGE = "\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe";
    static final long CREATE = 134_000_000_000_000_000L;

    static ByteBuffer buf(Bytes b) {
        return ByteBuffer.wrap(b.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void processStartVersion0() {
        Bytes b = new Bytes(8).u32(4412).u64(CREATE).u32(4400).u32(1).utf16z(IMAGE);
        ProcessStart p = Decoders.processStart(0, buf(b), 8);
        assertEquals(new ProcessStart(4412, CREATE, 4400, 1, IMAGE, null), p);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void processStartVersions1And2HaveFlagsBeforeImageName(int version) {
        Bytes b = new Bytes(8).u32(4412).u64(CREATE).u32(4400).u32(1).u32(0x10).utf16z(IMAGE);
        if (version == 2) {
            b.u32(0xABCD).u32(0x5F000000).utf16z("").utf16z("");
        }
        assertEquals(new ProcessStart(4412, CREATE, 4400, 1, IMAGE, null), Decoders.processStart(version, buf(b), 8));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void processStartVersion3HasSequenceNumbersAndMandatoryLabel(int version) {
        Bytes b = new Bytes(8).u32(4412).u64(99).u64(CREATE).u32(4400).u64(98).u32(1).u32(0).u32(3).u32(1)
                .sid("S-1-16-12288").utf16z(IMAGE).u32(1).u32(2).utf16z("").utf16z("");
        assertEquals(new ProcessStart(4412, CREATE, 4400, 1, IMAGE, "S-1-16-12288"),
                Decoders.processStart(version, buf(b), 8));
    }

    @Test
    void truncatedProcessStartIsNull() {
        Bytes b = new Bytes(8).u32(4412).u64(CREATE).u32(4400);
        assertNull(Decoders.processStart(0, buf(b), 8));
        assertNull(Decoders.processStart(3, buf(new Bytes(8).u32(1).u64(2).u64(3).u32(4).u64(5).u32(6).u32(0).u32(0)
                .u32(0).u8(1).u8(5)), 8), "SID cut short");
    }

    static Bytes classic(int version, int ptr, String sid) {
        Bytes b = new Bytes(ptr).ptr(0xFFFF8000AAAA0000L & (ptr == 4 ? 0xFFFFFFFFL : -1L)).u32(4412).u32(4400)
                .u32(1).u32(0).ptr(0x1AD000);
        if (version >= 4) {
            b.u32(0);
        }
        if (sid == null) {
            b.u32(0);
        } else {
            b.tokenUserSid(sid);
        }
        b.ansiz("cmd.exe").utf16z("cmd.exe /d /s /c \"whoami\"");
        if (version >= 4) {
            b.utf16z("").utf16z("");
        }
        return b;
    }

    @ParameterizedTest(name = "version {0}, {1}-byte pointers")
    @org.junit.jupiter.params.provider.CsvSource({"3, 4", "3, 8", "4, 4", "4, 8", "5, 8"})
    void classicProcessWithCommandLineAndSid(int version, int ptr) {
        ClassicProcess c = Decoders.classicProcess(version, 1, buf(classic(version, ptr, "S-1-5-21-1-2-3-1001")), ptr);
        assertEquals(new ClassicProcess(1, 4412, 4400, 1, "S-1-5-21-1-2-3-1001", "cmd.exe",
                "cmd.exe /d /s /c \"whoami\""), c);
    }

    @Test
    void classicProcessWithoutSidHasFourByteSidProperty() {
        ClassicProcess c = Decoders.classicProcess(4, 1, buf(classic(4, 8, null)), 8);
        assertNull(c.userSid());
        assertEquals("cmd.exe", c.imageFileName());
        assertEquals("cmd.exe /d /s /c \"whoami\"", c.commandLine());
    }

    @Test
    void classicProcessOldVersionsAndTruncationAreNull() {
        assertNull(Decoders.classicProcess(2, 1, buf(classic(3, 8, null)), 8));
        assertNull(Decoders.classicProcess(4, 1, buf(new Bytes(8).u64(1).u32(2)), 8));
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 15})
    void tcpV4PortsAreNetworkOrder(int id) {
        Bytes b = new Bytes(8).u32(6003).u32(0).raw(new byte[] {93, (byte) 184, (byte) 215, 14})
                .raw(new byte[] {10, 0, 0, 5}).u16be(443).u16be(50123).u16(1460).u16(0).u16(0).u16(0).u32(65535)
                .u16(0).u16(0).u32(0).u32(0);
        TcpConnection c = Decoders.tcp(id, buf(b));
        assertEquals(id == 15, c.accept());
        assertEquals(6003, c.processId());
        assertArrayEquals(new byte[] {93, (byte) 184, (byte) 215, 14}, c.remoteAddress());
        assertEquals(443, c.remotePort());
        assertEquals(50123, c.localPort());
    }

    @ParameterizedTest
    @ValueSource(ints = {28, 31})
    void tcpV6AddressesAre16Bytes(int id) {
        byte[] remote = new byte[16];
        remote[0] = 0x20;
        remote[1] = 0x01;
        remote[2] = 0x48;
        remote[3] = 0x60;
        remote[15] = (byte) 0x88;
        byte[] local = new byte[16];
        local[15] = 1;
        Bytes b = new Bytes(8).u32(7).u32(0).raw(remote).raw(local).u16be(8443).u16be(61000);
        TcpConnection c = Decoders.tcp(id, buf(b));
        assertEquals(id == 31, c.accept());
        assertArrayEquals(remote, c.remoteAddress());
        assertArrayEquals(local, c.localAddress());
        assertEquals(8443, c.remotePort());
        assertEquals(61000, c.localPort());
        assertNull(Decoders.tcp(id, buf(new Bytes(8).u32(7).u32(0).raw(remote))), "truncated");
    }

    @Test
    void tcpOtherIdsAreNotDecoded() {
        assertNull(Decoders.tcp(13, buf(new Bytes(8).u32(1))));
    }

    static final String FILE = "\\Device\\HarddiskVolume3\\src\\app\\.github\\workflows\\ci.yml";

    @ParameterizedTest(name = "id {0} version {1} ptr {2}")
    @org.junit.jupiter.params.provider.CsvSource({"12, 0, 8", "12, 1, 8", "12, 0, 4", "12, 1, 4", "30, 0, 8",
            "30, 1, 8", "30, 1, 4"})
    void fileCreateLayouts(int id, int version, int ptr) {
        Bytes b = new Bytes(ptr).ptr(0x1000);
        if (version == 0) {
            b.ptr(0x2222);
        }
        b.ptr(0xFEED);
        if (version == 1) {
            b.u32(0x2222);
        }
        b.u32(0x02000060).u32(0x80).u32(7).utf16z(FILE);
        FileOp f = Decoders.file(id, version, buf(b), ptr);
        assertEquals(id == 12 ? FileOp.Kind.CREATE : FileOp.Kind.CREATE_NEW_FILE, f.kind());
        assertEquals(0xFEED, f.fileObject());
        assertEquals(FILE, f.path());
        assertEquals(0x02000060, f.createOptions());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0, 8", "1, 8", "1, 4"})
    void fileWriteCarriesFileObjectAndKey(int version, int ptr) {
        Bytes b = new Bytes(ptr).u64(4096).ptr(0x1000);
        if (version == 0) {
            b.ptr(0x2222);
        }
        b.ptr(0xFEED).ptr(0xBEEF);
        if (version == 1) {
            b.u32(0x2222);
        }
        b.u32(512).u32(0).u32(0);
        FileOp f = Decoders.file(16, version, buf(b), ptr);
        assertEquals(new FileOp(FileOp.Kind.WRITE, 0xFEED, 0xBEEF, null, 0), f);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"26, 0", "26, 1", "27, 0", "27, 1"})
    void deleteAndRenamePathLayouts(int id, int version) {
        Bytes b = new Bytes(8).ptr(0x1000);
        if (version == 0) {
            b.ptr(0x2222);
        }
        b.ptr(0xFEED).ptr(0xBEEF).ptr(0);
        if (version == 1) {
            b.u32(0x2222);
        }
        b.u32(id == 26 ? 13 : 10).utf16z(FILE);
        FileOp f = Decoders.file(id, version, buf(b), 8);
        assertEquals(id == 26 ? FileOp.Kind.DELETE_PATH : FileOp.Kind.RENAME_PATH, f.kind());
        assertEquals(0xFEED, f.fileObject());
        assertEquals(0xBEEF, f.fileKey());
        assertEquals(FILE, f.path());
    }

    @Test
    void truncatedOrUnknownFileEventsAreNull() {
        assertNull(Decoders.file(12, 1, buf(new Bytes(8).ptr(1).ptr(2)), 8));
        assertNull(Decoders.file(14, 1, buf(new Bytes(8).ptr(1).ptr(2).ptr(3).u32(4)), 8));
    }
}
