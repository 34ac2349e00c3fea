package dev.hookline.macos.es;

/**
 * The fields of an Endpoint Security {@code es_process_t} that Hookline uses, as eslogger prints them. Numbers
 * that were absent are -1; strings that were absent are null.
 *
 * @param pid            audit_token pid (object form key "pid", array form index 5)
 * @param pidVersion     audit_token pidversion (array index 7): tells a reused pid apart
 * @param euid           audit_token euid (array index 1)
 * @param ruid           audit_token ruid (array index 3)
 * @param ppid           "ppid" (the current parent; reparented to launchd when the parent exits)
 * @param originalPpid   "original_ppid" (the parent at fork time)
 * @param path           "executable"."path"
 * @param pathTruncated  "executable"."path_truncated"
 * @param signingId      "signing_id" (code-signing identifier, e.g. com.apple.curl)
 * @param teamId         "team_id" (null or "" for Apple platform binaries and unsigned code)
 * @param platformBinary "is_platform_binary"
 * @param startTimeNanos "start_time" (when the process was forked; kept across exec) as epoch nanoseconds, or
 *                       {@link dev.hookline.schema.Event#NULL} when absent
 * @param parentPid      "parent_audit_token" pid (message version 7+), -1 when absent
 * @param parentPidVersion "parent_audit_token" pidversion, -1 when absent: tells the parent from a later process
 *                       that reused its pid
 */
public record EsProcess(long pid, long pidVersion, long euid, long ruid, long ppid, long originalPpid, String path,
                        boolean pathTruncated, String signingId, String teamId, boolean platformBinary,
                        long startTimeNanos, long parentPid, long parentPidVersion) {
}
