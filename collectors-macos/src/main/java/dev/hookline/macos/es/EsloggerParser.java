package dev.hookline.macos.es;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads eslogger's JSON lines (one es_message_t per line). Apple documents that the format "may change from release
 * to release", so the parser reads a tree and looks fields up by name: key order, unknown keys, absent keys and
 * numbers written as strings are all tolerated; JSON escapes (including {@code \/}) are Jackson's job.
 *
 * <p>Field names and where they come from:
 * <ul>
 * <li>Verified against the Endpoint Security headers (ESMessage.h / ESTypes.h, public copies) and against public
 * code that decodes eslogger output: top level {@code time}, {@code event_type}, {@code version},
 * {@code global_seq_num}, {@code process}, {@code event}; es_process_t {@code audit_token}, {@code ppid},
 * {@code original_ppid}, {@code parent_audit_token} and {@code start_time} (both in the real macOS 15/26/27
 * samples), {@code signing_id}, {@code team_id}, {@code is_platform_binary},
 * {@code executable.path}, {@code executable.path_truncated}; audit_token object keys {@code pid},
 * {@code pidversion}, {@code euid}, {@code ruid}; exec {@code target}, {@code args}, {@code cwd.path},
 * {@code script}; fork {@code child}; exit {@code stat}; write/unlink {@code target}; close {@code modified},
 * {@code target}; rename {@code source}, {@code destination_type}, {@code destination}; the destination union
 * members {@code existing_file} and {@code new_path} ({@code dir}, {@code filename}).</li>
 * <li>Inferred (not seen in a published eslogger sample; the parser accepts both shapes): that eslogger prints
 * the destination union as an object holding only the active member ({@code {"new_path":{...}}} or
 * {@code {"existing_file":{...}}}); that the array form of audit_token is the raw {@code audit_token_t.val[8]}
 * (auid, euid, egid, ruid, rgid, pid, asid, pidversion — libbsm's audit_token_to_* order, pid at index 5).</li>
 * </ul>
 * The parser never throws: a line that is not a JSON object, too long, or too deep is counted and skipped.
 */
public final class EsloggerParser {
    /** Longer lines are skipped (exec messages with huge argv and env can reach hundreds of KB). */
    public static final int MAX_LINE_CHARS = 4 * 1024 * 1024;

    private final ObjectMapper mapper;
    private long parsed;
    private long malformed;
    private long tooLong;
    private long badTime;
    private long destinationNested;
    private long destinationFlat;

    public EsloggerParser() {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
        mapper = new ObjectMapper(f);
    }

    /** The message on the line, or null when it is blank or unreadable (counted). */
    public EsMessage parse(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        if (line.length() > MAX_LINE_CHARS) {
            tooLong++;
            return null;
        }
        try {
            JsonNode root = mapper.readTree(line);
            if (root == null || !root.isObject()) {
                malformed++;
                return null;
            }
            EsMessage m = message(root);
            parsed++;
            return m;
        } catch (Exception | StackOverflowError e) {
            // JsonProcessingException for bad JSON; anything else is a shape the code did not expect: same answer
            malformed++;
            return null;
        }
    }

    private EsMessage message(JsonNode root) {
        int type = (int) number(root.get("event_type"), -1);
        JsonNode events = root.get("event");
        EsMessage.Kind kind = null;
        JsonNode body = null;
        if (events != null && events.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                EsMessage.Kind k = EsMessage.Kind.ofKey(e.getKey());
                if (k != null) {
                    kind = k;
                    body = e.getValue();
                    break;
                }
            }
        }
        if (kind == null) {
            kind = EsMessage.Kind.ofType(type);
            body = kind == EsMessage.Kind.OTHER || events == null ? null : events.get(kind.key);
        }
        if (body != null && !body.isObject()) {
            body = null;
        }
        long time = time(root.get("time"));
        EsProcess proc = process(root.get("process"));
        long gseq = number(root.get("global_seq_num"), -1);
        int version = (int) number(root.get("version"), -1);
        EsMessage.Exec exec = null;
        EsProcess child = null;
        long stat = -1;
        EsMessage.FileOp file = null;
        if (body != null) {
            switch (kind) {
                case EXEC:
                    exec = new EsMessage.Exec(process(body.get("target")), strings(body.get("args")),
                            filePath(body.get("cwd")), filePath(body.get("script")));
                    break;
                case FORK:
                    child = process(body.get("child"));
                    break;
                case EXIT:
                    stat = number(body.get("stat"), -1);
                    break;
                case CREATE:
                    file = destination(body, null);
                    break;
                case RENAME: {
                    JsonNode src = body.get("source");
                    file = destination(body, filePath(src));
                    break;
                }
                case WRITE:
                case UNLINK:
                    file = fileOp(body.get("target"), false);
                    break;
                case CLOSE:
                    // A file written through a writable mapping reports modified=false (the writes reach it later
                    // through the pager), so was_mapped_writable (message version 6+) counts as a modification.
                    file = fileOp(body.get("target"),
                            bool(body.get("modified")) || bool(body.get("was_mapped_writable")));
                    break;
                default:
                    break;
            }
        }
        return new EsMessage(kind, type, time, gseq, version, proc, exec, child, stat, file);
    }

    /**
     * create/rename destination: existing_file, or new_path dir + filename. The union is read under a
     * {@code destination} key (the header's field name) or, when that is absent, directly in the event body (the
     * form one consumer of live eslogger output reads for rename); which form was seen is counted, so the first
     * real host tells us.
     */
    private EsMessage.FileOp destination(JsonNode body, String previous) {
        JsonNode dest = body.get("destination");
        if (dest != null && dest.isObject()) {
            EsMessage.FileOp f = union(dest, previous);
            if (f != null) {
                destinationNested++;
            }
            return f;
        }
        EsMessage.FileOp f = union(body, previous);
        if (f != null) {
            destinationFlat++;
        }
        return f;
    }

    private static EsMessage.FileOp union(JsonNode dest, String previous) {
        JsonNode existing = dest.get("existing_file");
        if (existing != null && existing.isObject()) {
            EsMessage.FileOp f = fileOp(existing, false);
            return f == null ? null : new EsMessage.FileOp(f.path(), f.truncated(), previous, false);
        }
        JsonNode np = dest.get("new_path");
        if (np != null && np.isObject()) {
            JsonNode dir = np.get("dir");
            String d = filePath(dir);
            String name = text(np.get("filename"));
            if (d == null || name == null) {
                return null;
            }
            String path = d.endsWith("/") ? d + name : d + "/" + name;
            return new EsMessage.FileOp(path, truncated(dir), previous, false);
        }
        return null;
    }

    private static EsMessage.FileOp fileOp(JsonNode file, boolean modified) {
        String p = filePath(file);
        return p == null ? null : new EsMessage.FileOp(p, truncated(file), null, modified);
    }

    private static String filePath(JsonNode file) {
        return file != null && file.isObject() ? text(file.get("path")) : null;
    }

    private static boolean truncated(JsonNode file) {
        return file != null && file.isObject() && bool(file.get("path_truncated"));
    }

    static EsProcess process(JsonNode p) {
        if (p == null || !p.isObject()) {
            return null;
        }
        long[] tok = token(p.get("audit_token"));
        long[] parent = token(p.get("parent_audit_token"));
        JsonNode exe = p.get("executable");
        return new EsProcess(tok[0], tok[1], tok[2], tok[3], number(p.get("ppid"), -1),
                number(p.get("original_ppid"), -1), filePath(exe), truncated(exe), text(p.get("signing_id")),
                text(p.get("team_id")), bool(p.get("is_platform_binary")), instant(p.get("start_time")), parent[0],
                parent[1]);
    }

    /** pid, pidversion, euid, ruid of an audit token in object or array form; -1 for what is absent. */
    private static long[] token(JsonNode tok) {
        long[] out = {-1, -1, -1, -1};
        if (tok != null && tok.isObject()) {
            out[0] = number(tok.get("pid"), -1);
            out[1] = number(tok.get("pidversion"), -1);
            out[2] = number(tok.get("euid"), -1);
            out[3] = number(tok.get("ruid"), -1);
        } else if (tok != null && tok.isArray() && tok.size() == 8) {
            out[0] = number(tok.get(5), -1);
            out[1] = number(tok.get(7), -1);
            out[2] = number(tok.get(1), -1);
            out[3] = number(tok.get(3), -1);
        }
        return out;
    }

    /** An ISO instant (process start_time has microseconds), or Event.NULL; not counted as a bad message time. */
    private static long instant(JsonNode n) {
        String s = text(n);
        if (s == null) {
            return Event.NULL;
        }
        try {
            return Times.toNanos(Instant.parse(s));
        } catch (RuntimeException e) {
            return Event.NULL;
        }
    }

    private long time(JsonNode n) {
        String s = text(n);
        if (s == null) {
            badTime++;
            return Event.NULL;
        }
        try {
            return Times.toNanos(Instant.parse(s));
        } catch (RuntimeException e) {
            try {
                return Times.parse(s);
            } catch (RuntimeException e2) {
                badTime++;
                return Event.NULL;
            }
        }
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || !n.isArray()) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode a : n) {
            out.add(a.isValueNode() && !a.isNull() ? a.asText() : "");
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    private static boolean bool(JsonNode n) {
        if (n == null) {
            return false;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.isNumber() ? n.asLong() != 0 : "true".equalsIgnoreCase(n.asText());
    }

    static long number(JsonNode n, long absent) {
        if (n == null || n.isNull()) {
            return absent;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.asText().trim());
            } catch (NumberFormatException e) {
                return absent;
            }
        }
        return absent;
    }

    public long parsed() {
        return parsed;
    }

    public long malformed() {
        return malformed;
    }

    public long tooLong() {
        return tooLong;
    }

    public long badTime() {
        return badTime;
    }

    /** create/rename messages whose destination was under a {@code destination} key. */
    public long destinationNested() {
        return destinationNested;
    }

    /** create/rename messages whose existing_file/new_path sat directly in the event body. */
    public long destinationFlat() {
        return destinationFlat;
    }

    /** Which destination form(s) this host's eslogger produced, for the collector's self-description. */
    public String destinationForm() {
        if (destinationNested == 0 && destinationFlat == 0) {
            return "not seen yet";
        }
        if (destinationFlat == 0) {
            return "nested (destination.existing_file/new_path)";
        }
        if (destinationNested == 0) {
            return "flat (existing_file/new_path without destination)";
        }
        return "both nested and flat";
    }
}
