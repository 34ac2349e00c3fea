package dev.hookline.windows.decode;

/**
 * SystemTraceProvider Process event (Process_V3/V4_TypeGroup1): the half of a process start that carries the
 * command line and the user SID. imageFileName is the kernel's short image name (EPROCESS.ImageFileName, at most
 * 15 characters), not a path.
 */
public record ClassicProcess(int opcode, long processId, long parentId, long sessionId, String userSid,
                             String imageFileName, String commandLine) {
    public static final int START = 1;
    public static final int END = 2;
    public static final int DC_START = 3;
    public static final int DC_END = 4;
}
