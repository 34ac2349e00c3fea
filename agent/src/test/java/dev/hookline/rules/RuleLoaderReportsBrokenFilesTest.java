package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderReportsBrokenFilesTest {
    private final RuleLoader loader = new RuleLoader();

    private String error(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return assertThrows(RuleException.class, () -> loader.load(f)).getMessage();
    }

    @Test
    void unknownKeyIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        String m = error(dir, "r.yaml", "id: a\ntitle: t\nseverity: high\nquery: DeviceProcessEvents\nsevrity: low\n");
        assertTrue(m.contains("r.yaml:5") && m.contains("sevrity"), m);
    }

    @Test
    void unknownKeyListsTheKeysAllowedInsteadOfJavaClasses(@TempDir Path dir) throws Exception {
        String m = error(dir, "r.yaml", "id: a\ntitle: t\narms:\n  - query: DeviceProcessEvents\n");
        assertTrue(m.contains("unknown key 'arms'") && m.contains("query") && m.contains("severity"), m);
        assertFalse(m.contains("dev.hookline") || m.contains("ignorable"), m);
        Path tuning = dir.resolve("tuning.yaml");
        Files.writeString(tuning, "exclusion:\n  - id: x\n");
        String t = assertThrows(RuleException.class, () -> loader.loadTuning(tuning)).getMessage();
        assertTrue(t.contains("unknown key 'exclusion'") && t.contains("exclusions"), t);
    }

    @Test
    void missingQueryIsNamed(@TempDir Path dir) throws Exception {
        String m = error(dir, "r.yaml", "id: a\ntitle: t\n");
        assertTrue(m.contains("query"), m);
    }

    @Test
    void badSeverityIsNamed(@TempDir Path dir) throws Exception {
        String m = error(dir, "r.yaml", "id: a\ntitle: t\nseverity: urgent\nquery: DeviceProcessEvents\n");
        assertTrue(m.contains("urgent"), m);
    }

    @Test
    void kqlErrorNamesQueryLineAndFileLine(@TempDir Path dir) throws Exception {
        String m = error(dir, "r.yaml", "id: a\ntitle: t\nquery: |\n  DeviceProcessEvents\n  | where FileName == )\n");
        assertTrue(m.contains("line 2") && m.contains("file line 5"), m);
    }

    @Test
    void plainKqlFilesLoadWithDefaultsFromTheirName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("T1059.004.kql");
        Files.writeString(f, "// Unix shell\nDeviceProcessEvents | where FileName == \"bash\"\n");
        Rule r = loader.load(f).get(0);
        assertEquals("T1059.004", r.id());
        assertEquals("Unix shell", r.meta().title());
        assertEquals(java.util.List.of("T1059", "T1059.004"), r.meta().mitreIds());
    }

    @Test
    void emptyDirectoryIsAnError(@TempDir Path dir) {
        RuleException e = assertThrows(RuleException.class, () -> loader.load(dir));
        assertTrue(e.getMessage().contains("no rule files"), e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByKeyLineAndColumnWithoutJavaClasses(@TempDir Path dir) throws Exception {
        String m = error(dir, "r.yaml", "id: a\ntitle: t\nfalse_positives: admins\nquery: DeviceProcessEvents\n");
        assertTrue(m.contains("r.yaml, line 3, column 18") && m.contains("'false_positives': expected a list"), m);
        assertFalse(m.contains("java.") || m.contains("ArrayList") || m.contains("dev.hookline"), m);
        String t = error(dir, "t.yaml", "id: a\ntitle:\n  - one\n  - two\nquery: DeviceProcessEvents\n");
        assertTrue(t.contains("line 3") && t.contains("'title': expected a text value"), t);
        assertFalse(t.contains("java.") || t.contains("String"), t);
        Path tuning = dir.resolve("tuning.yaml");
        Files.writeString(tuning, "enable: all-of-them\n");
        String u = assertThrows(RuleException.class, () -> loader.loadTuning(tuning)).getMessage();
        assertTrue(u.contains("line 1, column 9") && u.contains("'enable': expected a list"), u);
        assertFalse(u.contains("java.") || u.contains("ArrayList"), u);
    }
}
