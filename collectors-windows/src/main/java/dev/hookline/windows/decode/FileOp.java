package dev.hookline.windows.decode;

/**
 * A Kernel-File event: CREATE (12, an open of any kind), CREATE_NEW_FILE (30, a file that did not exist), WRITE
 * (16, no name: joined by FileObject), DELETE_PATH (26), RENAME_PATH (27). path is an NT path or null.
 */
public record FileOp(Kind kind, long fileObject, long fileKey, String path, long createOptions) {
    /** CreateOptions bit: the object is a directory. */
    public static final long FILE_DIRECTORY_FILE = 0x1;

    public enum Kind { CREATE, CREATE_NEW_FILE, WRITE, DELETE_PATH, RENAME_PATH }
}
