package dev.hookline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.output.FsyncPolicy;
import dev.hookline.ring.OverrunPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static String error(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "hookline.yaml"));
        return e.getMessage();
    }

    @Test
    void embeddedDefaultsNeedNoFile() throws ConfigException {
        ConfigLoader.Loaded loaded = ConfigLoader.load(null, dir.resolve("absent.yaml"));
        assertNull(loaded.file());
        assertEquals("embedded defaults", loaded.source());
        AgentConfig c = loaded.config();
        assertEquals(AgentConfig.Mode.STANDALONE, c.mode());
        assertEquals(32, c.ring().memoryMb());
        assertEquals(32L << 20, c.ring().memoryBytes());
        assertEquals(OverrunPolicy.DROP, c.ring().overrunPolicy());
        assertEquals(Path.of("/var/lib/hookline/alerts.jsonl"), c.alerts().file().path());
        assertEquals(64L << 20, c.alerts().file().rotateBytes());
        assertEquals(5, c.alerts().file().keep());
        assertEquals(FsyncPolicy.interval(1000), c.alerts().file().fsyncPolicy());
        assertFalse(c.rawEvents().enabled());
        assertEquals(FsyncPolicy.never(), c.rawEvents().fsyncPolicy());
        assertEquals(Path.of("/run/hookline/control.sock"), c.control().socket());
        assertEquals(60, c.health().logIntervalSeconds());
        assertEquals(List.of("all"), c.rules().packs());
        assertNull(c.rules().tuning(), "shipped exclusions stay off unless a tuning file enables them");
        assertTrue(c.collectorNames().isEmpty());
        assertEquals(Map.of(), c.collector("linux-audit"));
    }

    @Test
    void theDefaultFileIsUsedWhenPresentAndAFileOverridesOnlyWhatItNames() throws Exception {
        Path f = dir.resolve("hookline.yaml");
        Files.writeString(f, "ring:\n  overrun_policy: block\nalerts:\n  file:\n    keep: 2\n    fsync: every_line\n");
        ConfigLoader.Loaded loaded = ConfigLoader.load(null, f);
        assertEquals(f, loaded.file());
        AgentConfig c = loaded.config();
        assertEquals(OverrunPolicy.BLOCK, c.ring().overrunPolicy());
        assertEquals(32, c.ring().memoryMb(), "a sibling key keeps its default");
        assertEquals(2, c.alerts().file().keep());
        assertEquals(FsyncPolicy.everyLine(), c.alerts().file().fsyncPolicy());
        assertEquals(Path.of("/var/lib/hookline/alerts.jsonl"), c.alerts().file().path());
    }

    @Test
    void anExplicitConfigFileMustExist() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml: config file not found"), e.getMessage());
    }

    @Test
    void anEmptyFileAndEmptyValuesMeanTheDefaults() throws ConfigException {
        assertEquals(32, ConfigLoader.parse("", "x").ring().memoryMb());
        assertEquals(32, ConfigLoader.parse("# only a comment\n", "x").ring().memoryMb());
        AgentConfig c = ConfigLoader.parse("ring:\nalerts:\n  file:\n    keep:\n", "x");
        assertEquals(32, c.ring().memoryMb());
        assertEquals(5, c.alerts().file().keep());
    }

    @Test
    void aCollectorSectionBindsToItsSettingsRecordOverTheDefaults() throws ConfigException {
        AgentConfig c = ConfigLoader.parse("collectors:\n  test-elsewhere:\n    quiet_period_ms: 200\n"
                + "    exclude_paths: [/etc, /usr/bin]\n    sha256:\n", "x");
        assertEquals(List.of("test-elsewhere"), List.copyOf(c.collectorNames()));
        ElsewhereCollectorProvider.Settings s = CollectorSettings.bind("test-elsewhere",
                c.collector("test-elsewhere"), ElsewhereCollectorProvider.DEFAULTS);
        assertEquals(new ElsewhereCollectorProvider.Settings(200, false, List.of("/etc", "/usr/bin"),
                ElsewhereCollectorProvider.Settings.Mode.AUTO), s, "an empty value keeps the default");
        assertEquals(Map.of(), ConfigLoader.parse("collectors:\n  test-elsewhere:\n", "x").collector("test-elsewhere"));
        assertTrue(error("collectors:\n  test-elsewhere: on\n")
                .startsWith("hookline.yaml, line 2, column 19: 'collectors.test-elsewhere': expected a section"));
    }

    @Test
    void anUnknownCollectorSectionIsNamedWithTheKnownCollectors() {
        assertEquals("hookline.yaml, line 3, column 3: unknown collector 'linux-audti' in section 'collectors' "
                + "(known collectors: test-elsewhere, test-replay)",
                error("collectors:\n  test-elsewhere: {}\n  linux-audti:\n    backlog_limit: 8192\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "collectors:\n  linux-audit: {}\n", "x", KnownCollectors.of(List.of())));
        assertTrue(e.getMessage().endsWith("(known collectors: none (no collector module is on the class path))"),
                e.getMessage());
    }

    @Test
    void anUnknownKeyInACollectorSectionIsNamedWithLineColumnAndTheAllowedKeys() {
        assertEquals("hookline.yaml, line 4, column 5: unknown key 'quietPeriodMs' in section "
                + "'collectors.test-elsewhere' (known keys: exclude_paths, mode, quiet_period_ms, sha256)",
                error("collectors:\n  test-elsewhere:\n    sha256: true\n    quietPeriodMs: 5\n"));
    }

    @Test
    void aCollectorBooleanIsTrueOrFalseAndNothingElse() {
        for (String v : new String[]{"yes", "on", "1", "\"true\"", "no"}) {
            String m = error("collectors:\n  test-elsewhere:\n    sha256: " + v + "\n");
            assertTrue(m.startsWith("hookline.yaml, line 3, column 13: 'collectors.test-elsewhere.sha256': "
                    + "expected true or false"), v + ": " + m);
        }
        String m = error("raw_events:\n  enabled: yes\n");
        assertTrue(m.startsWith("hookline.yaml, line 2, column 12: 'raw_events.enabled': expected true or false, "
                + "got 'yes'"), m);
    }

    @Test
    void aWrongTypeOrBadValueInACollectorSectionIsNamedWithLineColumnAndTheExpectedType() {
        assertEquals("hookline.yaml, line 3, column 22: 'collectors.test-elsewhere.quiet_period_ms': expected a "
                + "whole number, got 'soon'", error("collectors:\n  test-elsewhere:\n    quiet_period_ms: soon\n"));
        assertEquals("hookline.yaml, line 3, column 11: 'collectors.test-elsewhere.mode': expected one of auto, fd, "
                + "got 'fast'", error("collectors:\n  test-elsewhere:\n    mode: fast\n"));
        String m = error("collectors:\n  test-elsewhere:\n    exclude_paths: /tmp\n");
        assertTrue(m.startsWith("hookline.yaml, line 3, column 20: 'collectors.test-elsewhere.exclude_paths': "
                + "expected a list"), m);
        assertEquals("hookline.yaml, line 3, column 22: 'collectors.test-elsewhere.quiet_period_ms': must be at "
                + "least 1, got 0", error("collectors:\n  test-elsewhere:\n    quiet_period_ms: 0\n"));
    }

    @Test
    void aCollectorBindsItsSectionWithTheSameErrorsWithoutALocation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CollectorSettings.bind(
                "test-elsewhere", Map.of("sha256", "yes"), ElsewhereCollectorProvider.DEFAULTS));
        assertEquals("config: 'collectors.test-elsewhere.sha256': expected true or false, got 'yes'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CollectorSettings.bind(
                "test-elsewhere", Map.of("quiet_period_ms", -5), ElsewhereCollectorProvider.DEFAULTS));
        assertEquals("config: 'collectors.test-elsewhere.quiet_period_ms': must be at least 1, got -5", e.getMessage());
    }

    @Test
    void theDocumentedDefaultsShowEveryCollectorSectionAndParseToTheDefaults() throws Exception {
        String text = ConfigLoader.documentedDefaults(KnownCollectors.installed());
        assertTrue(text.endsWith("\ncollectors:\n  test-elsewhere:\n    # How long a write burst waits.\n"
                + "    quiet_period_ms: 1000\n    sha256: false\n    exclude_paths:\n      - /proc\n    mode: auto\n"),
                text);
        AgentConfig c = ConfigLoader.parse(text, "defaults");
        assertEquals(ElsewhereCollectorProvider.DEFAULTS, CollectorSettings.bind("test-elsewhere",
                c.collector("test-elsewhere"), ElsewhereCollectorProvider.DEFAULTS));
        assertEquals(ConfigLoader.defaultConfigText(), ConfigLoader.documentedDefaults(KnownCollectors.of(List.of())));
    }

    @Test
    void anUnknownKeyIsNamedWithLineColumnAndTheKnownKeys() {
        String m = error("ring:\n  memory_mb: 32\n  memroy_mb: 16\n");
        assertEquals("hookline.yaml, line 3, column 3: unknown key 'memroy_mb' in section 'ring' "
                + "(known keys: memory_mb, overrun_policy)", m);
        assertTrue(error("colectors: {}\n").contains("unknown key 'colectors' at the top level"));
    }

    @Test
    void aWrongTypeIsNamedWithLineAndColumn() {
        assertEquals("hookline.yaml, line 2, column 14: 'ring.memory_mb': expected a whole number, got 'lots'",
                error("ring:\n  memory_mb: lots\n"));
        assertEquals("hookline.yaml, line 2, column 19: 'ring.overrun_policy': expected one of drop, block, "
                + "got 'wait'", error("ring:\n  overrun_policy: wait\n"));
        String m = error("alerts:\n  file: /tmp/a.jsonl\n");
        assertTrue(m.startsWith("hookline.yaml, line 2, column 9: 'alerts.file': expected a section"), m);
        m = error("raw_events:\n  enabled: maybe\n");
        assertTrue(m.startsWith("hookline.yaml, line 2, column 12: 'raw_events.enabled': expected true or false"), m);
        m = error("ring:\n  memory_mb: 1.5\n");
        assertTrue(m.startsWith("hookline.yaml, line 2, column 14: 'ring.memory_mb': expected a whole number"), m);
        m = error("rules:\n  packs: all\n");
        assertTrue(m.contains("'rules.packs': expected a list"), m);
    }

    @Test
    void anOutOfRangeValueIsNamedWithItsLocation() {
        assertEquals("hookline.yaml, line 3, column 11: 'alerts.file.keep': must be between 0 and 1000, got -1",
                error("alerts:\n  file:\n    keep: -1\n"));
        assertTrue(error("ring:\n  memory_mb: 0\n").startsWith("hookline.yaml, line 2, column 14: 'ring.memory_mb'"));
        assertTrue(error("control:\n  socket: /" + "x".repeat(120) + "\n").contains("limited to 107 bytes"));
    }

    @Test
    void syntaxErrorsAndDuplicateKeysAreReportedWithoutAStackTrace() {
        String m = error("ring:\n  memory_mb: 1: 2\n");
        assertTrue(m.startsWith("hookline.yaml, line "), m);
        assertTrue(m.contains("YAML syntax error"), m);
        assertFalse(m.contains("\n"), "one line: " + m);
        assertEquals("hookline.yaml, line 3, column 12: duplicate key 'memory_mb'",
                error("ring:\n  memory_mb: 1\n  memory_mb: 2\n"));
        m = error("alerts:\n  file:\n    keep: 99999999999\n");
        assertTrue(m.startsWith("hookline.yaml, line 3, ") && m.endsWith("'alerts.file.keep': number out of range"), m);
        m = error("just a string\n");
        assertTrue(m.startsWith("hookline.yaml, line 1, column 1: the config: expected a section"), m);
    }

    @Test
    void theStoreSectionHasItsDefaultsAndRefusesZeroBounds() throws Exception {
        AgentConfig d = AgentConfig.defaults();
        assertTrue(d.store().enabled());
        assertEquals(Path.of("/var/lib/hookline/store"), d.store().path());
        assertEquals(168, d.store().maxAgeHours());
        assertEquals(2048L << 20, d.store().maxBytes());
        AgentConfig c = ConfigLoader.parse("store:\n  path: /srv/hl\n  max_size_mb: 100\n", "x");
        assertEquals(Path.of("/srv/hl"), c.store().path());
        assertEquals(100L << 20, c.store().maxBytes());
        assertEquals(168, c.store().maxAgeHours(), "a sibling key keeps its default");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("store:\n  max_age_hours: 0\n", "hookline.yaml"));
        assertTrue(e.getMessage().startsWith("hookline.yaml, line 2, column 18: 'store.max_age_hours': must be between 1"),
                e.getMessage());
    }

    @Test
    void theDocumentedDefaultFileShowsEverySettingWithItsDefault() throws Exception {
        String text = ConfigLoader.defaultConfigText();
        AgentConfig parsed = ConfigLoader.parse(text, "hookline-default.yaml");
        var mapper = ConfigLoader.mapper();
        JsonNode fromResource = mapper.readTree(text);
        JsonNode defaults = mapper.readTree(ConfigLoader.toYaml(AgentConfig.defaults()));
        assertEquals(keyPaths(defaults), keyPaths(fromResource), "every setting appears in the documented file");
        assertEquals(defaults, mapper.readTree(ConfigLoader.toYaml(parsed)), "with the built-in default values");
    }

    @Test
    void theEffectiveConfigRendersAsYamlThatParsesBackToTheSameConfig() throws Exception {
        AgentConfig c = ConfigLoader.parse("ring:\n  memory_mb: 128\n  overrun_policy: block\n"
                + "alerts:\n  file:\n    fsync: every_line\nrules:\n  packs: [linux]\n  paths: [/etc/hookline/rules.d]\n"
                + "collectors:\n  test-elsewhere:\n    quiet_period_ms: 200\n", "x");
        String yaml = ConfigLoader.toYaml(c);
        assertTrue(yaml.contains("memory_mb: 128"), yaml);
        assertTrue(yaml.contains("overrun_policy: block"), yaml);
        assertTrue(yaml.contains("fsync: every_line"), yaml);
        assertFalse(yaml.startsWith("---"), yaml);
        AgentConfig back = ConfigLoader.parse(yaml, "shown");
        assertEquals(yaml, ConfigLoader.toYaml(back));
        assertEquals(List.of(Path.of("/etc/hookline/rules.d")), back.rules().paths());
        assertEquals(200, back.collector("test-elsewhere").get("quiet_period_ms"));
    }

    @Test
    void aConfigFileThatCannotBeReadIsAClearError() throws IOException {
        Path d = Files.createDirectory(dir.resolve("adir"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(d));
        assertTrue(e.getMessage().startsWith(d + ": cannot read config file"), e.getMessage());
    }

    private static List<String> keyPaths(JsonNode n) {
        List<String> out = new ArrayList<>();
        collect(n, "", out);
        return out;
    }

    private static void collect(JsonNode n, String prefix, List<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.add(p);
                collect(e.getValue(), p, out);
            }
        }
    }
}
