package dev.hookline.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.install.InstallContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code watch --sarif}: the command's alerts as a SARIF 2.1.0 log, one result per alert, so GitHub code scanning
 * and other SARIF readers list them. The location is the package: its name and version as a logical location, and
 * the project's manifest for that manager (package.json, requirements.txt, Cargo.toml...) as the physical one when
 * the working directory has it (code scanning shows results on a file).
 */
public final class Sarif {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, List<String>> MANIFESTS = Map.of(
            "npm", List.of("package.json"), "pnpm", List.of("package.json"), "yarn", List.of("package.json"),
            "bun", List.of("package.json"), "pip", List.of("requirements.txt", "pyproject.toml", "setup.py"),
            "uv", List.of("pyproject.toml", "uv.lock"), "poetry", List.of("pyproject.toml"),
            "cargo", List.of("Cargo.toml"), "gem", List.of("Gemfile"), "go", List.of("go.mod"));

    private Sarif() {
    }

    /** The SARIF log of the report's alerts; {@code version} is Hookline's. */
    public static String write(WatchReport r, Path workDir, String version) {
        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Hookline");
        driver.put("version", version == null || version.isBlank() ? "unknown" : version);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode results = run.putArray("results");
        for (WatchReport.AlertLine a : r.alerts()) {
            Integer idx = ruleIndex.get(a.ruleId());
            if (idx == null) {
                idx = ruleIndex.size();
                ruleIndex.put(a.ruleId(), idx);
                ObjectNode rule = rules.addObject();
                rule.put("id", a.ruleId());
                rule.putObject("shortDescription").put("text", a.ruleTitle().isEmpty() ? a.ruleId() : a.ruleTitle());
                rule.putObject("defaultConfiguration").put("level", level(a.severity()));
            }
            ObjectNode res = results.addObject();
            res.put("ruleId", a.ruleId());
            res.put("ruleIndex", idx);
            res.put("level", level(a.severity()));
            String detail = a.detail().isEmpty() ? "" : ": " + a.detail();
            res.putObject("message").put("text", (a.ruleTitle().isEmpty() ? a.ruleId() : a.title()) + " ["
                    + a.severity() + ", arm " + a.arm() + "] " + a.process() + detail);
            location(res.putArray("locations").addObject(), a.install(), r, workDir);
            if (!a.alertId().isEmpty()) {
                res.putObject("partialFingerprints").put("hooklineAlertId/v1", a.alertId());
            }
            ObjectNode props = res.putObject("properties");
            props.put("severity", a.severity());
            props.put("arm", a.arm());
            if (a.install() != null) {
                InstallContext c = a.install();
                putIfSet(props, "installManager", c.manager());
                putIfSet(props, "installPackage", c.packageName());
                putIfSet(props, "installVersion", c.version());
                putIfSet(props, "installPhase", c.phase());
            }
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", true);
        invocation.put("commandLine", String.join(" ", r.command()));
        invocation.put("exitCode", r.exitCode());
        try {
            return JSON.writeValueAsString(log) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void location(ObjectNode loc, InstallContext c, WatchReport r, Path workDir) {
        String manifest = c == null ? null : manifest(c.manager(), workDir);
        if (manifest != null) {
            ObjectNode art = loc.putObject("physicalLocation").putObject("artifactLocation");
            art.put("uri", manifest);
            art.put("uriBaseId", "%SRCROOT%");
        }
        ObjectNode logical = loc.putArray("logicalLocations").addObject();
        if (c != null) {
            String name = c.packageName() + (c.version() == null ? "" : "@" + c.version());
            logical.put("name", name);
            logical.put("fullyQualifiedName", c.manager() + ":" + name + (c.phase() == null ? "" : "#" + c.phase()));
            logical.put("kind", "module");
        } else {
            logical.put("name", String.join(" ", r.command()));
            logical.put("kind", "process");
        }
    }

    private static String manifest(String manager, Path workDir) {
        for (String f : MANIFESTS.getOrDefault(manager, List.of())) {
            if (workDir != null && Files.isRegularFile(workDir.resolve(f))) {
                return f;
            }
        }
        return null;
    }

    /** critical and high are errors, medium a warning, the rest notes (SARIF has no more levels). */
    static String level(String severity) {
        return switch (Severity.rank(severity)) {
            case 4, 3 -> "error";
            case 2 -> "warning";
            default -> "note";
        };
    }

    private static void putIfSet(ObjectNode n, String k, String v) {
        if (v != null) {
            n.put(k, v);
        }
    }
}
