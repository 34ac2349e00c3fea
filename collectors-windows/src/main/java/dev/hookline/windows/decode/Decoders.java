package dev.hookline.windows.decode;

import dev.hookline.windows.decode.Payload.Truncated;
import java.nio.ByteBuffer;

/**
 * UserData layouts of the handled events, per version, from the providers' manifests (Kernel-Process,
 * Kernel-Network, Kernel-File) and the documented MOF classes (Process_V3/V4_TypeGroup1). Each method returns null
 * when the data is shorter than the layout (counted by the caller), or a version it does not know. Manifest
 * versions above the newest known one are read with the newest layout: later versions append fields.
 */
public final class Decoders {
    private Decoders() {
    }

    /** Kernel-Process ProcessStart, versions 0 to 3 (and later, as 3). */
    public static ProcessStart processStart(int version, ByteBuffer data, int pointerSize) {
        Payload p = new Payload(data, pointerSize);
        try {
            long pid = p.u32("ProcessID");
            if (version >= 3) {
                p.u64("ProcessSequenceNumber");
            }
            long create = p.u64("CreateTime");
            long ppid = p.u32("ParentProcessID");
            if (version >= 3) {
                p.u64("ParentProcessSequenceNumber");
            }
            long session = p.u32("SessionID");
            String label = null;
            if (version >= 1) {
                p.u32("Flags");
            }
            if (version >= 3) {
                p.u32("ProcessTokenElevationType");
                p.u32("ProcessTokenIsElevated");
                label = p.sid("MandatoryLabel");
            }
            String image = p.utf16z("ImageName");
            return new ProcessStart(pid, create, ppid, session, image, label);
        } catch (Truncated t) {
            return null;
        }
    }

    /** Kernel-Process ProcessStop: only ProcessID (the first field in every version) is used. */
    public static long processStopPid(ByteBuffer data) {
        return data.remaining() < 4 ? -1 : data.getInt(data.position()) & 0xffffffffL;
    }

    /**
     * SystemTraceProvider Process event. Version 3 (Vista, 7): UniqueProcessKey, ProcessId, ParentId, SessionId,
     * ExitStatus, DirectoryTableBase, UserSID, ImageFileName, CommandLine. Version 4 (8 and later) adds Flags after
     * DirectoryTableBase, then PackageFullName and ApplicationId at the end (not needed). Pointer-sized fields
     * follow the event's pointer size. Versions below 3 are not handled (null).
     */
    public static ClassicProcess classicProcess(int version, int opcode, ByteBuffer data, int pointerSize) {
        if (version < 3) {
            return null;
        }
        Payload p = new Payload(data, pointerSize);
        try {
            p.pointer("UniqueProcessKey");
            long pid = p.u32("ProcessId");
            long ppid = p.u32("ParentId");
            long session = p.u32("SessionId");
            p.u32("ExitStatus");
            p.pointer("DirectoryTableBase");
            if (version >= 4) {
                p.u32("Flags");
            }
            String sid = p.tokenUserSid("UserSID");
            String image = p.ansiz("ImageFileName");
            String cmd = p.remaining() > 0 ? p.utf16z("CommandLine") : null;
            return new ClassicProcess(opcode, pid, ppid, session, sid, image, cmd);
        } catch (Truncated t) {
            return null;
        }
    }

    /** Kernel-Network TCP connect/accept: 12 and 15 (IPv4), 28 and 31 (IPv6); null for any other id. */
    public static TcpConnection tcp(int id, ByteBuffer data) {
        boolean v6 = id == 28 || id == 31;
        if (!(v6 || id == 12 || id == 15)) {
            return null;
        }
        Payload p = new Payload(data, 8);
        try {
            long pid = p.u32("PID");
            p.u32("size");
            int alen = v6 ? 16 : 4;
            byte[] daddr = p.bytes(alen, "daddr");
            byte[] saddr = p.bytes(alen, "saddr");
            int dport = p.u16be("dport");
            int sport = p.u16be("sport");
            return new TcpConnection(id == 15 || id == 31, pid, daddr, dport, saddr, sport);
        } catch (Truncated t) {
            return null;
        }
    }

    /**
     * Kernel-File events. Version 0 carries a pointer-sized ThreadId after Irp; version 1 moves the thread id to
     * a UInt32 IssuingThreadId after the pointers. Create/CreateNewFile: Irp, [ThreadId], FileObject,
     * [IssuingThreadId], CreateOptions, CreateAttributes, ShareAccess, FileName. Write: ByteOffset, Irp,
     * [ThreadId], FileObject, FileKey, .... DeletePath/RenamePath: Irp, [ThreadId], FileObject, FileKey,
     * ExtraInformation, [IssuingThreadId], InfoClass, FilePath.
     */
    public static FileOp file(int id, int version, ByteBuffer data, int pointerSize) {
        Payload p = new Payload(data, pointerSize);
        boolean v0 = version == 0;
        try {
            switch (id) {
                case 12:
                case 30: {
                    p.pointer("Irp");
                    if (v0) {
                        p.pointer("ThreadId");
                    }
                    long fo = p.pointer("FileObject");
                    if (!v0) {
                        p.u32("IssuingThreadId");
                    }
                    long options = p.u32("CreateOptions");
                    p.u32("CreateAttributes");
                    p.u32("ShareAccess");
                    String name = p.utf16z("FileName");
                    return new FileOp(id == 12 ? FileOp.Kind.CREATE : FileOp.Kind.CREATE_NEW_FILE, fo, 0, name, options);
                }
                case 16: {
                    p.u64("ByteOffset");
                    p.pointer("Irp");
                    if (v0) {
                        p.pointer("ThreadId");
                    }
                    long fo = p.pointer("FileObject");
                    long key = p.pointer("FileKey");
                    return new FileOp(FileOp.Kind.WRITE, fo, key, null, 0);
                }
                case 26:
                case 27: {
                    p.pointer("Irp");
                    if (v0) {
                        p.pointer("ThreadId");
                    }
                    long fo = p.pointer("FileObject");
                    long key = p.pointer("FileKey");
                    p.pointer("ExtraInformation");
                    if (!v0) {
                        p.u32("IssuingThreadId");
                    }
                    p.u32("InfoClass");
                    String path = p.utf16z("FilePath");
                    return new FileOp(id == 26 ? FileOp.Kind.DELETE_PATH : FileOp.Kind.RENAME_PATH, fo, key, path, 0);
                }
                default:
                    return null;
            }
        } catch (Truncated t) {
            return null;
        }
    }
}
