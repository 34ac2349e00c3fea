package dev.hookline.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.ResultTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The CLI's side of the control socket ({@code hookline status}, {@code hookline query}). */
public final class ControlClient {
    private final Path socket;

    public ControlClient(Path socket) {
        this.socket = socket;
    }

    /** The agent's status map (numbers come back as Long or Double). */
    public Map<String, Object> status() throws ControlException {
        ObjectNode req = ControlProtocol.JSON.createObjectNode();
        req.put("op", ControlProtocol.OP_STATUS);
        List<JsonNode> lines = exchange(ControlProtocol.OP_STATUS, req, null);
        JsonNode first = checkOk(lines);
        JsonNode status = first.get("status");
        if (status == null || !status.isObject()) {
            throw new ControlException("malformed answer from the agent: no status");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        status.fields().forEachRemaining(e -> out.put(e.getKey(), ControlProtocol.decode(e.getValue(), null)));
        return out;
    }

    /**
     * Runs a hunting query in the agent.
     *
     * @throws KqlException     the agent rejected the query (same line, column and message as a local compile)
     * @throws ControlException the agent is not reachable, or the caller is not root
     */
    public ResultTable query(String kql) throws ControlException {
        return query(kql, 0);
    }

    /**
     * Runs a hunting query over the agent's on-disk store and ring for the last {@code sinceNanos} (0: the ring
     * only, as {@link #query(String)}).
     */
    public ResultTable query(String kql, long sinceNanos) throws ControlException {
        return query(kql, sinceNanos, null);
    }

    /**
     * The query of {@link #query(String, long)}; while it runs (a scan over days of history), the agent tells
     * {@code progress} about once a second how far it has read ({"events":..,"blocks":..,"elapsed_ms":..}).
     */
    public ResultTable query(String kql, long sinceNanos, Consumer<JsonNode> progress) throws ControlException {
        ObjectNode req = ControlProtocol.JSON.createObjectNode();
        req.put("op", ControlProtocol.OP_QUERY);
        req.put("query", kql);
        if (sinceNanos > 0) {
            req.put("since_ns", sinceNanos);
        }
        if (progress != null) {
            req.put("progress", true);
        }
        List<JsonNode> lines = exchange(ControlProtocol.OP_QUERY, req, progress);
        JsonNode head = checkOk(lines);
        List<String> names = ControlProtocol.strings(head.get("columns"));
        List<String> types = ControlProtocol.strings(head.get("types"));
        if (names.size() != types.size()) {
            throw new ControlException("malformed answer from the agent: columns and types differ");
        }
        JsonNode last = lines.get(lines.size() - 1);
        if (lines.size() < 2 || !last.path("end").asBoolean(false)) {
            throw new ControlException("the agent's answer was cut off (did the agent stop?)");
        }
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size() - 1; i++) {
            rows.add(ControlProtocol.decodeRow(lines.get(i), types));
        }
        if (last.path("rows").asLong(-1) != rows.size()) {
            throw new ControlException("the agent's answer was cut off (did the agent stop?)");
        }
        return new ResultTable(names, types, rows);
    }

    private static JsonNode checkOk(List<JsonNode> lines) throws ControlException {
        if (lines.isEmpty()) {
            throw new ControlException("the agent closed the connection without an answer");
        }
        JsonNode first = lines.get(0);
        if (!first.path("ok").asBoolean(false)) {
            if (first.has("kql_line")) {
                throw new KqlException(first.path("kql_line").asInt(), first.path("kql_column").asInt(),
                        first.path("kql_message").asText());
            }
            throw new ControlException("the agent refused the request: " + first.path("error").asText("no reason given"));
        }
        return first;
    }

    private List<JsonNode> exchange(String op, ObjectNode request, Consumer<JsonNode> progress)
            throws ControlException {
        preflight(op);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw connectError(op, e);
            }
            IOException writeError = null;
            try {
                ByteBuffer out = ByteBuffer.wrap((request.toString() + "\n").getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                ch.shutdownOutput();
            } catch (IOException e) {
                // The agent may have answered (e.g. "busy") and closed before reading us: read its answer anyway.
                writeError = e;
            }
            List<JsonNode> lines = new ArrayList<>();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    try {
                        JsonNode n = ControlProtocol.JSON.readTree(line);
                        if (n.has("progress")) {
                            if (progress != null) {
                                progress.accept(n.get("progress"));
                            }
                        } else {
                            lines.add(n);
                        }
                    } catch (JacksonException e) {
                        throw new ControlException("malformed answer from the agent: not JSON");
                    }
                }
            } catch (IOException e) {
                // A peer that closes with our request unread makes the kernel report a reset after its answer.
                if (lines.isEmpty()) {
                    throw writeError != null ? writeError : e;
                }
            }
            return lines;
        } catch (IOException e) {
            throw new ControlException("lost the connection to the hookline agent: " + e.getMessage(), e);
        }
    }

    /** Tells "not running" from "not root" before connecting: stat of a file in a 0700 directory says which. */
    private void preflight(String op) throws ControlException {
        try {
            Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw notRunning();
        } catch (AccessDeniedException e) {
            throw permissionDenied(op);
        } catch (IOException e) {
            throw new ControlException("cannot reach the hookline agent at " + socket + ": " + e.getMessage(), e);
        }
    }

    ControlException connectError(String op, IOException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof AccessDeniedException || msg.contains("permission denied")
                || msg.contains("operation not permitted")) {
            return permissionDenied(op);
        }
        if (e instanceof java.net.ConnectException || msg.contains("connection refused")
                || msg.contains("no such file")) {
            return notRunning();
        }
        return new ControlException("cannot reach the hookline agent at " + socket + ": " + e.getMessage(), e);
    }

    private ControlException notRunning() {
        return new ControlException("the hookline agent is not running (nothing answers on " + socket + ")");
    }

    private static ControlException permissionDenied(String op) {
        return new ControlException("permission denied: hookline " + op + " needs root");
    }
}
