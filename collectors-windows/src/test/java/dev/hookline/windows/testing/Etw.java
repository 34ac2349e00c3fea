package dev.hookline.windows.testing;

import dev.hookline.windows.etw.Guids;
import dev.hookline.windows.etw.EventRecordLayout;

/**
 * Whole EVENT_RECORDs for the handled events, UserData laid out as the manifests say (Kernel-Process ProcessStart
 * version 2, Process_V4_TypeGroup1 with 64-bit pointers, Kernel-Network, Kernel-File version 1).
 */
public final class Etw {
    public static final int X64 = EventRecordLayout.FLAG_64_BIT_HEADER;

    private Etw() {
    }

    /** Kernel-Process ProcessStart v2, raised in the creating process (header pid = creator). */
    public static Records.Built processStart(long nanos, long creator, long pid, long ppid, String ntImage) {
        byte[] ud = new Bytes(8).u32(pid).u64(dev.hookline.windows.normalize.Filetime.fromEpochNanos(nanos))
                .u32(ppid).u32(1).u32(0).utf16z(ntImage).u32(0).u32(0).utf16z("").utf16z("").bytes();
        return Records.record(Guids.KERNEL_PROCESS, 1, 2, 1, X64, creator, 1, nanos, ud);
    }

    public static Records.Built processStop(long nanos, long pid) {
        byte[] ud = new Bytes(8).u32(pid).u64(0).u64(0).u32(0).bytes();
        return Records.record(Guids.KERNEL_PROCESS, 2, 2, 2, X64, pid, 1, nanos, ud);
    }

    /** SystemTraceProvider Process Start (opcode 1) or DCStart (3), version 4, 64-bit. */
    public static Records.Built classic(int opcode, long nanos, long pid, long ppid, String sid, String shortName,
                                        String commandLine) {
        Bytes b = new Bytes(8).ptr(0xFFFF800012340000L).u32(pid).u32(ppid).u32(1).u32(0).ptr(0x1AD000).u32(0);
        if (sid == null) {
            b.u32(0);
        } else {
            b.tokenUserSid(sid);
        }
        b.ansiz(shortName).utf16z(commandLine).utf16z("").utf16z("");
        return Records.record(Guids.PROCESS_CLASS, 0, 4, opcode, X64 | EventRecordLayout.FLAG_CLASSIC_HEADER, pid, 1,
                nanos, b.bytes());
    }

    public static Records.Built tcp(int id, long nanos, long pid, byte[] daddr, int dport, byte[] saddr, int sport) {
        byte[] ud = new Bytes(8).u32(pid).u32(0).raw(daddr).raw(saddr).u16be(dport).u16be(sport).u16(1460).u16(0)
                .u16(0).u16(0).u32(65535).u16(0).u16(0).u32(0).u32(0).bytes();
        return Records.record(Guids.KERNEL_NETWORK, id, 0, 0, X64, 4, 1, nanos, ud);
    }

    /** Kernel-File Create (12) or CreateNewFile (30), version 1. */
    public static Records.Built fileCreate(int id, long nanos, long pid, long fileObject, long options, String nt) {
        byte[] ud = new Bytes(8).ptr(0x1000).ptr(fileObject).u32(9).u32(options).u32(0x80).u32(7).utf16z(nt).bytes();
        return Records.record(Guids.KERNEL_FILE, id, 1, 0, X64, pid, 9, nanos, ud);
    }

    public static Records.Built fileWrite(long nanos, long pid, long fileObject) {
        byte[] ud = new Bytes(8).u64(0).ptr(0x1000).ptr(fileObject).ptr(0xBEEF).u32(9).u32(64).u32(0).u32(0).bytes();
        return Records.record(Guids.KERNEL_FILE, 16, 1, 0, X64, pid, 9, nanos, ud);
    }

    /** DeletePath (26) or RenamePath (27), version 1. */
    public static Records.Built filePath(int id, long nanos, long pid, long fileObject, String nt) {
        byte[] ud = new Bytes(8).ptr(0x1000).ptr(fileObject).ptr(0xBEEF).ptr(0).u32(9).u32(10).utf16z(nt).bytes();
        return Records.record(Guids.KERNEL_FILE, id, 1, 0, X64, pid, 9, nanos, ud);
    }
}
