package dev.hookline.linux.audit;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AuditRecordParsingTest {

    @Test
    void headerGivesTimeSerialAndBody() {
        AuditRecord r = AuditRecord.parse(1300, "audit(1700000000.123:456): arch=c000003e syscall=59 success=yes");
        assertNotNull(r);
        assertEquals(1_700_000_000_123_000_000L, r.epochNanos());
        assertEquals(456, r.serial());
        assertEquals("arch=c000003e syscall=59 success=yes", r.body());
    }

    @Test
    void aReusedReceiveBufferIsReadOnlyUpToTheRecordsLength() {
        // The reader parses straight from its receive buffer: what an earlier, longer record left behind is not read.
        byte[] buf = new byte[128];
        byte[] old = "audit(1700000000.123:456): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(old, 0, buf, 0, old.length);
        byte[] now = "audit(1700000001.5:457): cwd=\"/\"\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(now, 0, buf, 0, now.length);
        AuditRecord r = AuditRecord.parse(1307, buf, now.length);
        assertEquals(1_700_000_001_500_000_000L, r.epochNanos());
        assertEquals(457, r.serial());
        assertEquals("cwd=\"/\"", r.body());
        // a header cut off by the length is no record, even though the bytes after it would complete it
        assertNull(AuditRecord.parse(1300, old, 20));
    }

    @Test
    void garbageHeadersAreRejected() {
        assertNull(AuditRecord.parse(1300, "hello"));
        assertNull(AuditRecord.parse(1300, "audit(abc.1:2): x=1"));
        assertNull(AuditRecord.parse(1300, "audit(1.2): x=1"));
        assertNull(AuditRecord.parse(1300, "audit(1.2:): x=1"));
        assertNull(AuditRecord.parse(1300, "audit(99999999999999999999.1:2): x"));
        assertNull(AuditRecord.parse(1300, ""));
    }

    @Test
    void trailingNulAndNewlineAreTrimmed() {
        AuditRecord r = AuditRecord.parse(1320, "audit(1.000:7): \n\0");
        assertEquals("", r.body());
    }

    @Test
    void syscallFieldsParse() {
        AuditRecord r = AuditRecord.parse(1300, "audit(1700000000.123:456): arch=c000003e syscall=42 success=no "
                + "exit=-115 a0=3 a1=7ffd a2=10 a3=0 items=0 ppid=10 pid=11 auid=4294967295 uid=0 gid=0 euid=1000 "
                + "comm=\"python3\" exe=\"/usr/bin/python3.11\" subj=unconfined key=\"hookline\"");
        AuditFields f = r.fields();
        assertEquals(0xc000003eL, f.hex("arch", -1));
        assertEquals(42, f.number("syscall", -1));
        assertEquals(-115, f.number("exit", 0));
        assertEquals(3, f.hex("a0", -1));
        assertEquals(10, f.number("ppid", -1));
        assertEquals(1000, f.number("euid", -1));
        assertEquals(4294967295L, f.number("auid", -1));
        assertEquals("python3", f.text("comm"));
        assertEquals("/usr/bin/python3.11", f.text("exe"));
        assertEquals("hookline", f.text("key"));
        assertEquals(-1, f.number("missing", -1));
    }

    /** number() and hex() read the value in place in the body: the same answers as Long.parseLong/parseUnsignedLong. */
    @Test
    void numbersAndHexReadInPlaceAgreeWithTheJdkParsers() {
        String[] values = {"0", "42", "-115", "+7", "-", "+", "", "4294967295", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "12345678901234567890123",
            "c000003e", "C000003E", "ffffffffffffffff", "10000000000000000", "+ff", "0x10", "1.5", "7ffd ",
            "\"quoted\"", "(null)", "\u00b2", "00000000000000000042"};
        for (String v : values) {
            AuditFields f = AuditFields.parse("pad=1 k=" + v + " tail=2");
            String raw = f.raw("k");
            long dec;
            try {
                dec = raw.isEmpty() || raw.length() > 20 ? -1 : Long.parseLong(raw);
            } catch (NumberFormatException e) {
                dec = -1;
            }
            long hex;
            try {
                hex = raw.isEmpty() || raw.length() > 16 ? -1 : Long.parseUnsignedLong(raw, 16);
            } catch (NumberFormatException e) {
                hex = -1;
            }
            assertEquals(dec, f.number("k", -1), "number of '" + v + "'");
            assertEquals(hex, f.hex("k", -1), "hex of '" + v + "'");
            assertEquals(2, f.number("tail", -1));
        }
    }

    @Test
    void fieldsAreFoundByWholeKeyAndKeysAndValuesComeOutLazilyByIndex() {
        AuditFields f = AuditFields.parse("a0=1 a0_len=5 a=\"x y\" a0[1]=ZZ dup=1 dup=2 bare word=3");
        assertEquals(7, f.size());
        assertEquals("a0_len", f.key(1));
        assertEquals("5", f.rawValue(1));
        assertEquals("1", f.raw("a0"));
        assertEquals("\"x y\"", f.raw("a"));
        assertEquals("ZZ", f.raw("a0[1]"));
        assertEquals(1, f.number("dup", -1), "the first of duplicate keys");
        assertNull(f.raw("a0_"));
        assertNull(f.raw("bare"));
        assertEquals("3", f.raw("word"));
        assertSame(f.rawValue(0), f.raw("a0"), "a value is made once");
        assertThrows(IndexOutOfBoundsException.class, () -> f.key(7));
    }

    @Test
    void hexEncodedUntrustedStringsDecode() {
        // comm with a space: "my prog" is logged as hex, unquoted
        AuditFields f = AuditFields.parse("comm=6D792070726F67 exe=(null) cwd=\"/root\" key=(null)");
        assertEquals("my prog", f.text("comm"));
        assertNull(f.text("exe"));
        assertNull(f.text("key"));
        assertEquals("/root", f.text("cwd"));
    }

    @Test
    void userMessagesKeepSingleQuotedValuesWhole() {
        AuditFields f = AuditFields.parse("pid=1 uid=0 msg='op=PAM:session_open acct=\"root\" res=success'");
        assertEquals("'op=PAM:session_open acct=\"root\" res=success'", f.raw("msg"));
        assertEquals("op=PAM:session_open acct=\"root\" res=success", f.text("msg"));
    }

    @Test
    void malformedHexIsNullNotAnException() {
        assertNull(AuditFields.decode("ABC"));
        assertNull(AuditFields.decode("ZZ"));
        assertNull(AuditFields.decode("\"unterminated"));
    }

    @Test
    void sockaddrInAndIn6Decode() {
        SockAddr v4 = SockAddr.parse("02000050C0A80001" + "0000000000000000");
        assertEquals(SockAddr.AF_INET, v4.family());
        assertEquals(80, v4.port());
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 0, 1}, v4.address());
        SockAddr v6 = SockAddr.parse("0A0001BB00000000" + "00000000000000000000000000000001" + "00000000");
        assertEquals(SockAddr.AF_INET6, v6.family());
        assertEquals(443, v6.port());
        assertEquals(1, v6.address()[15]);
        assertEquals(16, v6.address().length);
    }

    @Test
    void nonIpFamiliesAndShortAddressesAreNull() {
        assertNull(SockAddr.parse("01002F746D702F736F636B")); // AF_UNIX /tmp/sock
        assertNull(SockAddr.parse("100000000000000000000000")); // AF_NETLINK
        assertNull(SockAddr.parse("0200")); // truncated sockaddr_in
        assertNull(SockAddr.parse("zz"));
        assertNull(SockAddr.parse(null));
        assertEquals(1, SockAddr.family("01002F"));
    }

    @Test
    void syscallKindsByArch() {
        long x64 = 0xc000003eL;
        long i386 = 0x40000003L;
        assertEquals(SyscallKind.EXEC, SyscallKind.of(x64, 59, 0));
        assertEquals(SyscallKind.EXEC, SyscallKind.of(x64, 322, 0));
        assertEquals(SyscallKind.CONNECT, SyscallKind.of(x64, 42, 0));
        assertEquals(SyscallKind.EXEC, SyscallKind.of(i386, 11, 0));
        assertEquals(SyscallKind.CONNECT, SyscallKind.of(i386, 362, 0));
        assertEquals(SyscallKind.CONNECT, SyscallKind.of(i386, 102, 3));
        assertEquals(SyscallKind.OTHER, SyscallKind.of(i386, 102, 9));
        assertEquals(SyscallKind.OTHER, SyscallKind.of(0xc00000b7L, 221, 0)); // aarch64 execve: not ours
    }
}
