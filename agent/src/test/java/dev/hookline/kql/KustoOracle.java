package dev.hookline.kql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.schema.Column;
import dev.hookline.schema.SentinelColumns;
import dev.hookline.schema.Table;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microsoft's KQL analyzer (Kusto.Language, from the npm package in src/test/oracle) asked about queries over a
 * database built from Hookline's own schema: the three MDE tables' columns then Sentinel's, as a query sees them,
 * and Defender's FileProfile() function.
 * {@link #find()} says why it is unavailable (no node, or `npm ci` not run in src/test/oracle).
 */
final class KustoOracle {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One diagnostic of the analyzer; line and column are 1-based. */
    record Diagnostic(String severity, String code, int line, int column, String message) {
        @Override
        public String toString() {
            return severity + " " + code + " at " + line + ":" + column + ": " + message;
        }
    }

    /** A result column: its name and Kusto type name. */
    record Col(String name, String type) {
        @Override
        public String toString() {
            return name + ":" + type;
        }
    }

    /** The analyzer's verdict on one query; columns is null when the result is not a table. */
    record Verdict(boolean accepted, List<Diagnostic> diagnostics, List<Col> columns) {
        Diagnostic firstError() {
            for (Diagnostic d : diagnostics) {
                if (!d.severity().equals("Warning") && !d.severity().equals("Suggestion")
                        && !d.severity().equals("Information")) {
                    return d;
                }
            }
            return null;
        }
    }

    /** Either an oracle or why there is none. */
    record Found(KustoOracle oracle, String reason) {
    }

    private final Path dir;

    private KustoOracle(Path dir) {
        this.dir = dir;
    }

    static Found find() {
        Path dir = null;
        for (String p : new String[] {"src/test/oracle", "agent/src/test/oracle"}) {
            if (Files.isRegularFile(Path.of(p, "oracle.js"))) {
                dir = Path.of(p).toAbsolutePath();
                break;
            }
        }
        if (dir == null) {
            return new Found(null, "src/test/oracle/oracle.js not found from " + Path.of("").toAbsolutePath());
        }
        if (!Files.isDirectory(dir.resolve("node_modules/@kusto/language-service-next"))) {
            return new Found(null, "the analyzer is not installed: run `npm ci` in " + dir);
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return new Found(null, "`node --version` failed");
            }
        } catch (IOException e) {
            return new Found(null, "node is not installed (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Found(null, "interrupted");
        }
        return new Found(new KustoOracle(dir), null);
    }

    /**
     * The database the analyzer checks against, from Hookline's schema so the two cannot drift: each table's MDE
     * columns in order, then {@link SentinelColumns}.
     */
    static String schemaJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("database", "hookline");
        ArrayNode tables = root.putArray("tables");
        for (Table t : Table.values()) {
            ObjectNode tn = tables.addObject();
            tn.put("name", t.name());
            ArrayNode cols = tn.putArray("columns");
            for (Column c : t.columns()) {
                cols.addObject().put("name", c.name()).put("type", c.type().kustoName());
            }
            for (SentinelColumns c : SentinelColumns.all()) {
                cols.addObject().put("name", c.columnName()).put("type", c.type().kustoName());
            }
        }
        // Defender's enrichment function (advanced-hunting-fileprofile-function): published queries invoke it, so
        // the database the analyzer checks against has it; Hookline does not run it yet.
        root.putArray("functions").addObject().put("name", "FileProfile")
                .put("parameters", "(T:(*), x:string='SHA1', y:int=100)")
                .put("body", "{ T | extend SHA1 = column_ifexists('SHA1', ''), SHA256 = column_ifexists('SHA256', ''),"
                        + " MD5 = column_ifexists('MD5', ''), GlobalPrevalence = long(null),"
                        + " GlobalFirstSeen = datetime(null), GlobalLastSeen = datetime(null), Signer = '', Issuer = '',"
                        + " SignerHash = '', IsCertificateValid = bool(null), IsRootSignerMicrosoft = bool(null),"
                        + " SignatureState = '', IsExecutable = bool(null), ThreatName = '', Publisher = '',"
                        + " SoftwareName = '', ProfileAvailability = '' }");
        return root.toString();
    }

    /** The analyzer's verdicts, in the order of the queries (one node process for all of them). */
    List<Verdict> analyze(List<String> queries) {
        Path schema = null;
        try {
            schema = Files.createTempFile("hookline-kusto-schema", ".json");
            Files.writeString(schema, schemaJson());
            Process p = new ProcessBuilder("node", dir.resolve("oracle.js").toString(), schema.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            // Write from another thread: the analyzer answers line by line and would block on a full pipe.
            Thread writer = new Thread(() -> {
                try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(),
                        StandardCharsets.UTF_8))) {
                    for (int i = 0; i < queries.size(); i++) {
                        ObjectNode q = JSON.createObjectNode();
                        q.put("id", Integer.toString(i));
                        q.put("text", queries.get(i));
                        w.write(q.toString());
                        w.write('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "kusto-oracle-writer");
            writer.start();
            List<Verdict> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(parse(JSON.readTree(line)));
                }
            }
            writer.join();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("the analyzer exited with " + p.exitValue());
            }
            if (out.size() != queries.size()) {
                throw new IllegalStateException("the analyzer answered " + out.size() + " of " + queries.size());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (schema != null) {
                try {
                    Files.deleteIfExists(schema);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    Verdict analyze(String query) {
        return analyze(List.of(query)).get(0);
    }

    private static Verdict parse(JsonNode n) {
        List<Diagnostic> diags = new ArrayList<>();
        for (JsonNode d : n.path("diagnostics")) {
            diags.add(new Diagnostic(d.path("severity").asText(), d.path("code").asText(), d.path("line").asInt(),
                    d.path("column").asInt(), d.path("message").asText()));
        }
        List<Col> cols = null;
        if (n.hasNonNull("columns")) {
            cols = new ArrayList<>();
            for (JsonNode c : n.get("columns")) {
                cols.add(new Col(c.path("name").asText(), c.path("type").asText()));
            }
        }
        return new Verdict(n.path("accepted").asBoolean(), diags, cols);
    }
}
