package dev.hookline.macos.es;

import java.util.List;

/**
 * One eslogger JSON line, reduced to what the mapper needs. Only the part that matches {@link #kind()} is set.
 *
 * @param kind          which event (from the key under "event", else the numeric "event_type")
 * @param eventType     the numeric es_event_type_t, -1 when absent
 * @param timeNanos     "time" as epoch nanoseconds, or {@link dev.hookline.schema.Event#NULL} when unreadable
 * @param globalSeqNum  "global_seq_num" (gaps mean ES dropped messages), -1 when absent
 * @param version       message "version", -1 when absent
 * @param process       the process that caused the event (for exec: the image before the exec)
 * @param exec          exec details, or null
 * @param forkChild     the new child of a fork, or null
 * @param exitStatus    the wait(2) status of an exit, or -1
 * @param file          file operation details, or null
 */
public record EsMessage(Kind kind, int eventType, long timeNanos, long globalSeqNum, int version, EsProcess process,
                        Exec exec, EsProcess forkChild, long exitStatus, FileOp file) {

    /** The NOTIFY events Hookline subscribes to; OTHER for anything else (counted, not mapped). */
    public enum Kind {
        EXEC("exec", 9), FORK("fork", 11), EXIT("exit", 15), CREATE("create", 13), WRITE("write", 33),
        RENAME("rename", 25), UNLINK("unlink", 32), CLOSE("close", 12), OTHER(null, -1);

        /** The key under "event" and the eslogger command-line event name. */
        public final String key;
        /** ES_EVENT_TYPE_NOTIFY_* value (ESTypes.h enum order, verified against a public copy of the header). */
        public final int notifyType;

        Kind(String key, int notifyType) {
            this.key = key;
            this.notifyType = notifyType;
        }

        static Kind ofKey(String key) {
            for (Kind k : values()) {
                if (k.key != null && k.key.equals(key)) {
                    return k;
                }
            }
            return null;
        }

        static Kind ofType(int type) {
            for (Kind k : values()) {
                if (k.notifyType == type && k != OTHER) {
                    return k;
                }
            }
            return OTHER;
        }
    }

    /**
     * @param target the new image (same pid); its ppid is the initiating process
     * @param args   argv as ES reports it (empty when absent)
     * @param cwd    the working directory path, or null (message version 3 and later)
     * @param script the script path when the image is an interpreter started through a #! line, or null
     */
    public record Exec(EsProcess target, List<String> args, String cwd, String script) {
    }

    /**
     * @param path              the file the action applied to (for rename: the new path)
     * @param truncated         ES cut the path (path_truncated): it is a prefix of the real path
     * @param previousPath      for rename: the old path
     * @param modified          for close: the file was written while open
     */
    public record FileOp(String path, boolean truncated, String previousPath, boolean modified) {
    }
}
