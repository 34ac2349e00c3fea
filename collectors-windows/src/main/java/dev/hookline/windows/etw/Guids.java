package dev.hookline.windows.etw;

import java.util.UUID;

/** Provider GUIDs and keywords of the events this collector decodes. */
public final class Guids {
    /** Microsoft-Windows-Kernel-Process. */
    public static final UUID KERNEL_PROCESS = UUID.fromString("22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716");
    public static final long KERNEL_PROCESS_KEYWORD_PROCESS = 0x10;
    /** Microsoft-Windows-Kernel-Network. */
    public static final UUID KERNEL_NETWORK = UUID.fromString("7dd42a49-5329-4832-8dfd-43d979153a88");
    public static final long KERNEL_NETWORK_KEYWORD_IPV4 = 0x10;
    public static final long KERNEL_NETWORK_KEYWORD_IPV6 = 0x20;
    /** Microsoft-Windows-Kernel-File. */
    public static final UUID KERNEL_FILE = UUID.fromString("edd08927-9cc4-4e65-b970-c2560fb5c289");
    public static final long KERNEL_FILE_KEYWORD_FILEIO = 0x20;
    public static final long KERNEL_FILE_KEYWORD_CREATE = 0x80;
    public static final long KERNEL_FILE_KEYWORD_WRITE = 0x200;
    public static final long KERNEL_FILE_KEYWORD_DELETE_PATH = 0x400;
    public static final long KERNEL_FILE_KEYWORD_RENAME_SETLINK_PATH = 0x800;
    public static final long KERNEL_FILE_KEYWORD_CREATE_NEW_FILE = 0x1000;
    /** SystemTraceProvider Process class (classic MOF events: Start 1, End 2, DCStart 3, DCEnd 4). */
    public static final UUID PROCESS_CLASS = UUID.fromString("3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c");

    private Guids() {
    }
}
